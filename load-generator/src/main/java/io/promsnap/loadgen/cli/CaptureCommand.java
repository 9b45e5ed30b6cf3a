package io.promsnap.loadgen.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.promsnap.cli.options.Converters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promsnap capture}: saves raw message values as files, a corpus of one's own production data
 * for {@code decode} and the benchmarks. Reads with assigned partitions and commits nothing, so it does
 * not disturb any consumer group.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Saves raw message values of a topic as files <topic>-<partition>-<offset>.bin (no offsets committed).")
public final class CaptureCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--output-dir", required = true, paramLabel = "DIR")
    Path outputDir;

    @Option(names = "--messages", required = true, paramLabel = "N", converter = Converters.PositiveLong.class,
            description = "how many messages to save, 1 or more")
    long messages;

    @Option(names = "--from", defaultValue = "earliest", converter = FromConverter.class,
            description = "earliest or latest; default ${DEFAULT-VALUE}")
    String from;

    static final class FromConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("earliest") && !v.equals("latest")) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected earliest or latest");
            }
            return v;
        }
    }

    @Option(names = "--idle-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "give up when nothing arrives for this long; default ${DEFAULT-VALUE}")
    Duration idleTimeout;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
            description = "exit 1 when no broker answers (or admits this client) for this long; default ${DEFAULT-VALUE}")
    Duration connectTimeout;

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
            description = "consumer property override; repeatable")
    List<String> consumerProperties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        client.requireBootstrap(spec);
        Files.createDirectories(outputDir);
        Properties props = client.properties(consumerProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long saved = 0;
        long nullValues = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, connectTimeout);
            } catch (org.apache.kafka.common.KafkaException e) {
                String line = io.promsnap.loadgen.KafkaFailures.describe(e, props);
                if (line == null) {
                    throw e;
                }
                spec.commandLine().getErr().println("ERROR " + line);
                spec.commandLine().getErr().flush();
                return 1;
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist or has no partitions");
            }
            for (PartitionInfo p : infos) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(parts);
            if (from.equalsIgnoreCase("latest")) {
                c.seekToEnd(parts);
            } else if (from.equalsIgnoreCase("earliest")) {
                c.seekToBeginning(parts);
            } else {
                throw new IllegalArgumentException("--from must be earliest or latest: " + from);
            }
            long lastRecord = System.nanoTime();
            outer:
            while (saved < messages) {
                var records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastRecord >= idleTimeout.toNanos()) {
                        break;
                    }
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.value() == null) {
                        nullValues++;
                        continue;
                    }
                    Files.write(outputDir.resolve(r.topic() + "-" + r.partition() + "-" + r.offset() + ".bin"), r.value());
                    if (++saved >= messages) {
                        break outer;
                    }
                }
            }
        }
        out.println("captured=" + saved + " dir=" + outputDir + (nullValues > 0 ? " null-values-skipped=" + nullValues : ""));
        out.flush();
        if (saved < messages) {
            spec.commandLine().getErr().println("only " + saved + " of " + messages + " messages arrived within the idle timeout " + idleTimeout);
            return 1;
        }
        return 0;
    }
}
