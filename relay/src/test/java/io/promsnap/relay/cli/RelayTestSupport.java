package io.promsnap.relay.cli;

import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;

import io.promsnap.loadgen.cli.KafkaTestSupport.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.loadgen.cli.GenerateCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/** Helpers for the relay tests. */
final class RelayTestSupport {
    private RelayTestSupport() {
    }

    /** A sample as a receiver stores it: name, label set, value, timestamp. */
    record Point(String name, Map<String, String> labels, double value, long timestamp) {
        static Point of(Sample s, Map<String, String> added) {
            Map<String, String> l = new TreeMap<>(added);
            l.putAll(s.labels());
            return new Point(s.name(), l, s.value(), s.timestampMillis());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && p.name.equals(name) && p.labels.equals(labels)
                    && Double.compare(p.value, value) == 0 && p.timestamp == timestamp;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + labels.hashCode() + Long.hashCode(timestamp);
        }

        /** The series: name and labels. */
        String series() {
            return name + labels;
        }
    }

    /** The load generator fills the topic; fails the test unless every sample was acknowledged. */
    static void generate(String bootstrap, String topic, String... extra) {
        int partitions = 3;
        for (int i = 0; i + 1 < extra.length; i++) {
            if (extra[i].equals("--partitions")) {
                partitions = Integer.parseInt(extra[i + 1]);
            }
        }
        createTopic(bootstrap, topic, partitions);
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--quiet"));
        args.addAll(List.of(extra));
        Run r = run(new GenerateCommand(), args.toArray(new String[0]));
        if (r.exit() != 0) {
            throw new AssertionError("generate failed: " + r.out() + r.err());
        }
    }

    /**
     * Creates the topic and waits until every partition has a leader: producing into a topic created a
     * moment ago on the loaded build machine met NOT_LEADER_OR_FOLLOWER and then an idempotent producer
     * stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries (the generator's, not the relay's).
     */
    static void createTopic(String bootstrap, String topic, int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                if (!d.partitions().isEmpty() && d.partitions().stream().allMatch(tp -> tp.leader() != null)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no leader for every partition of " + topic + " in 30 s: " + d);
                }
                Thread.sleep(100);
            }
            Thread.sleep(500);
        } catch (Exception e) {
            throw new AssertionError("could not create " + topic, e);
        }
    }

    /** The input topic's samples, as the receiver should hold them. */
    static List<Point> inputPoints(String bootstrap, String topic, Map<String, String> added) {
        List<Point> out = new ArrayList<>();
        try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic)) {
                for (Sample s : d.decodeBatch(r.value()).samples()) {
                    out.add(Point.of(s, added));
                }
            }
        }
        return out;
    }
}
