package io.promsnap.loadgen.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.promsnap.PromsnapException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What {@code consume} and {@code relay} share when a message cannot be decoded: the reason in one line with its
 * category, the dead-letter record with its headers (documented in docs/load-generator.md, so one spelling), and
 * the bounded offset commit. Each tool keeps its own policy of when to wait and what to count.
 */
public final class DeadLetters {
    /** Header: the decoder's message for the rejection. */
    public static final String ERROR = "promsnap.error";
    /** Header: an {@link io.promsnap.ErrorCategory} name, {@code DECODER_BUG} or {@code SINK_REJECTED}. */
    public static final String CATEGORY = "promsnap.error.category";
    /** Header: where the message came from, {@code topic-partition@offset}. */
    public static final String SOURCE = "promsnap.source";
    /** Header: the decoder that rejected it. */
    public static final String DECODER = "promsnap.decoder";

    private DeadLetters() {
    }

    /** Why a message was rejected: the message and the category that go into the headers and the log line. */
    public record Rejection(String error, String category) {
        /**
         * From what {@code decode} threw: bad input is a {@link PromsnapException}; anything else is a decoder bug,
         * still accounted for and never dropped silently.
         */
        public static Rejection of(RuntimeException e, String decoder) {
            if (e instanceof PromsnapException p) {
                return new Rejection(p.getMessage(), p.category().name());
            }
            return new Rejection("decoder " + decoder + " failed unexpectedly: " + e, "DECODER_BUG");
        }
    }

    /** {@code topic-partition@offset}, as every log line and the source header spell it. */
    public static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    /** The raw message (key and value unchanged) for the dead-letter topic, with the four headers. */
    public static ProducerRecord<byte[], byte[]> record(String topic, ConsumerRecord<byte[], byte[]> r, Rejection why,
                                                        String decoder) {
        ProducerRecord<byte[], byte[]> dl = new ProducerRecord<>(topic, null, r.key(), r.value());
        dl.headers().add(ERROR, why.error().getBytes(StandardCharsets.UTF_8));
        dl.headers().add(CATEGORY, why.category().getBytes(StandardCharsets.UTF_8));
        dl.headers().add(SOURCE, where(r).getBytes(StandardCharsets.UTF_8));
        dl.headers().add(DECODER, decoder.getBytes(StandardCharsets.UTF_8));
        return dl;
    }

    /**
     * Commits {@code offsets} synchronously within {@code --connect-timeout}, at most 30 s (with the broker gone a
     * commit must not hold the exit for the client's default 60 s). A wakeup (Ctrl-C) is one-shot, so a commit it
     * interrupts is retried once; returns whether that happened, for callers that treat it as a stop request.
     */
    public static boolean commitSync(KafkaConsumer<?, ?> c, Map<TopicPartition, OffsetAndMetadata> offsets,
                                     Duration connectTimeout) {
        Duration timeout = connectTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? connectTimeout : Duration.ofSeconds(30);
        try {
            c.commitSync(offsets, timeout);
            return false;
        } catch (WakeupException e) {
            c.commitSync(offsets, timeout);
            return true;
        }
    }
}
