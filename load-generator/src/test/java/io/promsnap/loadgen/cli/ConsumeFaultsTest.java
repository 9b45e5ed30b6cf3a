package io.promsnap.loadgen.cli;

import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A consume run that reads nothing must say why and exit 1, within --connect-timeout. */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(120)
class ConsumeFaultsTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableBrokerWithIdleTimeoutExitsOneSayingItCannotConnect() throws Exception {
        String bootstrap = "127.0.0.1:" + closedPort();
        long t0 = System.nanoTime();
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", bootstrap, "--topic", "t",
                "--idle-timeout", "1s", "--connect-timeout", "3s", "--quiet");
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("ERROR cannot connect to Kafka at " + bootstrap).contains("--connect-timeout");
        assertThat(secs).isLessThan(20);
    }

    @Test
    void unreachableBrokerWithoutIdleTimeoutWarnsThenExitsOne() throws Exception {
        String bootstrap = "127.0.0.1:" + closedPort();
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", bootstrap, "--topic", "t",
                "--connect-timeout", "7s", "--quiet");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("WARNING cannot connect to Kafka at " + bootstrap)
                .contains("ERROR cannot connect to Kafka at " + bootstrap);
    }

    /**
     * A listener that accepts connections and never answers (a TLS client at a plain listener, a proxy whose
     * backend is gone): the open connection is in the consumer's connection-count, yet no broker has answered.
     * Before the fix this said "connected to Kafka ..., but group ... has been given no partition" and probed nothing.
     */
    @Test
    void aListenerThatNeverAnswersIsNotConnected() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String bootstrap = "127.0.0.1:" + silent.getLocalPort();
            KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", bootstrap, "--topic", "t",
                    "--idle-timeout", "1s", "--connect-timeout", "4s", "--quiet");
            assertThat(held).as("the consumer did connect").isNotEmpty();
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> l.startsWith("ERROR")).toList()).as(r.err())
                    .singleElement().asString().startsWith("ERROR cannot connect to Kafka at " + bootstrap + ": no broker has answered");
            for (java.net.Socket s : List.copyOf(held)) {
                s.close();
            }
        }
    }

    @Test
    void groupThatIsNeverAssignedExitsOneNamingTheGroup(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "stuck";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, new byte[] {1})).get();
        }
        // a member that holds the partition and stops polling (a hung or killed process whose session is
        // still alive): the next rebalance waits for it up to its max.poll.interval.ms
        Properties cp = new Properties();
        cp.put("bootstrap.servers", broker.bootstrapServers());
        cp.put("group.id", "g-stuck");
        cp.put("max.poll.interval.ms", "110000");
        cp.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> holder = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            holder.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (holder.assignment().isEmpty() && System.nanoTime() < deadline) {
                holder.poll(Duration.ofMillis(100));
            }
            assertThat(holder.assignment()).isNotEmpty();
            KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                    "--topic", topic, "--group", "g-stuck", "--idle-timeout", "1s", "--connect-timeout", "5s", "--quiet");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("group g-stuck has been given no partition of " + topic);
        }
    }
}
