package io.promsnap.relay.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.relay.cli.RelayTestSupport.Point;
import io.promsnap.loadgen.cli.KafkaTestSupport.Run;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.promsnap.relay.cli.RelayTestSupport.generate;
import static io.promsnap.relay.cli.RelayTestSupport.inputPoints;
import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --to kafka} in each format on the embedded broker: every input sample appears exactly once on the
 * output topic, read back with Jackson's tree model following each format's documented shape (not with the
 * relay's own code), and one series always lands on one partition.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(180)
class KafkaSinkTest {
    static final String INPUT = "delivery";
    static final ObjectMapper JSON = new ObjectMapper();
    static List<Point> input;

    @BeforeAll
    static void fill(EmbeddedKafkaBroker broker) {
        generate(broker.bootstrapServers(), INPUT, "--partitions", "3", "--series", "400", "--samples", "8000",
                "--batch-samples", "250", "--nan-share", "0.02", "--inf-share", "0.02", "--seed", "7");
        input = inputPoints(broker.bootstrapServers(), INPUT, Map.of("region", "test-1"));
        assertThat(input).hasSize(8000);
    }

    @Test
    void jsonLines(EmbeddedKafkaBroker broker) throws Exception {
        List<Point> out = relayAndRead(broker, "jsonl", n -> new Point(n.get("name").asText(), map(n.get("labels")),
                number(n.get("value")), n.get("timestamp").asLong()));
        assertExactlyOnce(out);
    }

    @Test
    void victoriaMetricsImportLines(EmbeddedKafkaBroker broker) throws Exception {
        // https://docs.victoriametrics.com/#how-to-import-data-in-json-line-format
        List<Point> out = relayAndRead(broker, "victoriametrics", n -> {
            Map<String, String> metric = map(n.get("metric"));
            String name = metric.remove("__name__");
            assertThat(n.get("values")).hasSize(1);
            assertThat(n.get("timestamps")).hasSize(1);
            return new Point(name, metric, number(n.get("values").get(0)), n.get("timestamps").get(0).asLong());
        });
        assertExactlyOnce(out);
    }

    @Test
    void clickHouseJsonEachRow(EmbeddedKafkaBroker broker) throws Exception {
        // JSONEachRow for (name String, labels Map(String, String), value Float64, timestamp_ms Int64)
        List<Point> out = relayAndRead(broker, "clickhouse", n -> {
            assertThat(n.size()).isEqualTo(4);
            return new Point(n.get("name").asText(), map(n.get("labels")), number(n.get("value")),
                    n.get("timestamp_ms").asLong());
        });
        assertExactlyOnce(out);
    }

    @Test
    void matchForwardsOnlySelectedSamplesAndCountsTheRest(EmbeddedKafkaBroker broker) throws Exception {
        String name = input.get(0).name();
        List<Point> expected = input.stream().filter(p -> p.name().equals(name)).toList();
        assertThat(expected.size()).isBetween(1, input.size() - 1);
        Run r = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", INPUT,
                "--group", "relay-match", "--to", "kafka", "--output-topic", "samples-match", "--format", "jsonl",
                "--add-label", "region=test-1", "--match", "{__name__=\"" + name + "\"}", "--idle-timeout", "2s", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("samples_in=" + expected.size() + " samples_sent=" + expected.size(),
                "samples_unselected=" + (input.size() - expected.size()), "committed=32");
        List<Point> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : readAll(broker.bootstrapServers(), "samples-match")) {
            JsonNode n = JSON.readTree(rec.value());
            out.add(new Point(n.get("name").asText(), map(n.get("labels")), number(n.get("value")), n.get("timestamp").asLong()));
        }
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    }

    interface Reader {
        Point read(JsonNode n) throws Exception;
    }

    private List<Point> relayAndRead(EmbeddedKafkaBroker broker, String format, Reader reader) throws Exception {
        String output = "samples-" + format;
        Run r = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", INPUT,
                "--group", "relay-" + format, "--to", "kafka", "--output-topic", output, "--format", format,
                "--add-label", "region=test-1", "--idle-timeout", "2s", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages=32 decoded=32 rejected=0", "samples_in=8000 samples_sent=8000",
                "samples_rejected=0", "samples_unacknowledged=0", "committed=32");
        List<Point> out = new ArrayList<>();
        Map<String, Integer> partitionOfSeries = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : readAll(broker.bootstrapServers(), output)) {
            JsonNode n = JSON.readTree(rec.value());
            Point p = reader.read(n);
            out.add(p);
            Integer before = partitionOfSeries.put(p.series(), rec.partition());
            assertThat(before == null || before == rec.partition()).as("series %s on one partition", p.series()).isTrue();
            assertThat(rec.key()).hasSize(16);
        }
        return out;
    }

    private static void assertExactlyOnce(List<Point> out) {
        assertThat(out).hasSameSizeAs(input);
        Set<Point> seen = new HashSet<>();
        for (Point p : out) {
            assertThat(seen.add(p)).as("delivered twice: %s", p).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(input);
    }

    static Map<String, String> map(JsonNode obj) {
        Map<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    /** A JSON number, or the special values as strings in either spelling. */
    static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        return switch (v.asText()) {
            case "NaN", "nan" -> Double.NaN;
            case "+Inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new AssertionError("not a number: " + v);
        };
    }
}
