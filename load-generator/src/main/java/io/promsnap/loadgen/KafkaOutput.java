package io.promsnap.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.promsnap.traffic.encode.Batch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each batch as one record value (no key, as the delivery documents none) with a
 * {@code byte[]} producer: {@code acks=all} and idempotence on unless the caller overrides them.
 */
public final class KafkaOutput implements BatchOutput {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String bootstrap;

    /**
     * @param props      client properties (bootstrap, security, overrides); producer defaults are added
     *                   where absent
     * @param partitions partitions when the topic has to be created (0 = do not create)
     */
    public KafkaOutput(Properties props, String topic, int partitions, int maxBatchBytes) {
        this(props, topic, partitions, maxBatchBytes, Duration.ofMinutes(2));
    }

    /**
     * @param deliveryTimeout how long a batch may wait for its acknowledgement (the producer's
     *                        {@code delivery.timeout.ms}) and a send may block ({@code max.block.ms});
     *                        also bounds the topic check
     */
    public KafkaOutput(Properties props, String topic, int partitions, int maxBatchBytes, Duration deliveryTimeout) {
        this.topic = topic;
        this.bootstrap = props.getProperty("bootstrap.servers");
        if (partitions > 0) {
            ensureTopic(props, topic, partitions, min(deliveryTimeout, Duration.ofSeconds(30)));
        }
        Properties p = new Properties();
        long delivery = Math.max(1000, deliveryTimeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(delivery));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, delivery - 5)));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // a batch is one record; let a full one through (it is compressed, so this is generous)
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(1 << 20, maxBatchBytes + 4096)));
        p.putAll(props);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topic with replication min(3, brokers) unless it exists. */
    public static void ensureTopic(Properties props, String topic, int partitions) {
        ensureTopic(props, topic, partitions, Duration.ofSeconds(30));
    }

    /** As {@link #ensureTopic(Properties, String, int)}, each request waiting at most {@code timeout}. */
    public static void ensureTopic(Properties props, String topic, int partitions, Duration timeout) {
        Properties ap = new Properties();
        ap.putAll(props);
        long ms = timeout.toMillis();
        Admin admin = Admin.create(ap);
        try {
            Set<String> names = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
            if (names.contains(topic)) {
                return;
            }
            int brokers = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
            short rf = (short) Math.max(1, Math.min(3, brokers));
            admin.createTopics(List.of(new NewTopic(topic, partitions, rf))).all().get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot connect to Kafka at " + props.getProperty("bootstrap.servers")
                    + ": no answer within " + ms + " ms", e);
        } finally {
            admin.close(Duration.ofSeconds(1)); // nothing of ours is pending; do not wait out an unreachable cluster
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    @Override
    public void send(Batch batch, Completion completion) {
        try {
            producer.send(new ProducerRecord<>(topic, batch.payload()), (md, e) -> completion.done(e));
        } catch (RuntimeException e) {
            // serialization/size/closed errors are thrown rather than reported through the callback
            completion.done(e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void abort() {
        // from another thread: fails the pending batches and wakes a send() blocked on metadata or buffer space
        producer.close(Duration.ZERO);
    }

    @Override
    public String describe() {
        return "kafka " + bootstrap + " topic " + topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** For tests: the producer's metrics. */
    Map<?, ?> metrics() {
        return producer.metrics();
    }
}
