package io.promsnap.loadgen;

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
        this.topic = topic;
        this.bootstrap = props.getProperty("bootstrap.servers");
        if (partitions > 0) {
            ensureTopic(props, topic, partitions);
        }
        Properties p = new Properties();
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
        Properties ap = new Properties();
        ap.putAll(props);
        try (Admin admin = Admin.create(ap)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (names.contains(topic)) {
                return;
            }
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short rf = (short) Math.max(1, Math.min(3, brokers));
            admin.createTopics(List.of(new NewTopic(topic, partitions, rf))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out talking to Kafka at " + props.getProperty("bootstrap.servers"), e);
        }
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
    public String describe() {
        return "kafka " + bootstrap + " topic " + topic;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }

    /** For tests: the producer's metrics. */
    Map<?, ?> metrics() {
        return producer.metrics();
    }
}
