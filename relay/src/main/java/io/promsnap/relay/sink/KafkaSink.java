package io.promsnap.relay.sink;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.promsnap.relay.RelaySample;
import io.promsnap.relay.Sink;
import io.promsnap.relay.format.SampleFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One sample per message on an output topic, keyed by the series hash (16 hex digits) so that one series
 * always lands on one partition, in order. Idempotent producer with acks=all: the producer's own retries
 * cannot duplicate or reorder; a send that fails after them is rejected.
 */
public final class KafkaSink implements Sink {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SampleFormat format;
    private final Delivery delivery;
    private final StringBuilder scratch = new StringBuilder(512);

    public KafkaSink(Properties producerProperties, String topic, SampleFormat format, Delivery delivery) {
        Properties p = new Properties();
        p.putAll(producerProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.format = format;
        this.delivery = delivery;
    }

    /** Called from the relay's one consumer thread. */
    @Override
    public void accept(RelaySample s) {
        byte[] key = key(s.seriesHash());
        byte[] value = format.encode(scratch, s);
        producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
            if (e == null) {
                delivery.delivered(s);
            } else {
                delivery.rejected(List.of(s), "Kafka " + topic + ": " + e);
            }
        });
    }

    /** 16 lower-case hex digits (String.format cost more than the JSON). */
    static byte[] key(long hash) {
        byte[] k = new byte[16];
        for (int i = 15; i >= 0; i--) {
            k[i] = (byte) Character.forDigit((int) (hash & 0xf), 16);
            hash >>>= 4;
        }
        return k;
    }

    @Override
    public void flush() {
        // linger is short; the producer sends on its own
    }

    @Override
    public long retries() {
        for (var e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics")
                    && e.getValue().metricValue() instanceof Number n) {
                return n.longValue();
            }
        }
        return 0;
    }

    @Override
    public String describe() {
        return "kafka topic " + topic + " as " + format.spelling() + " (acks=all, idempotent)";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
