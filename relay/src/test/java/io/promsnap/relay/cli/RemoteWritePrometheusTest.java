package io.promsnap.relay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.relay.cli.RelayTestSupport.Point;
import io.promsnap.relay.cli.RelayTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static io.promsnap.relay.cli.RelayTestSupport.generate;
import static io.promsnap.relay.cli.RelayTestSupport.inputPoints;
import static io.promsnap.relay.cli.RelayTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --to remote-write} into a real Prometheus server: the load generator fills a topic with
 * {@code --start-time now}, the relay forwards it, and every sample is read back through Prometheus'
 * query API with its value and timestamp.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(120)
class RemoteWritePrometheusTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySampleArrivesWithItsValueAndTimestamp(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        try (PrometheusServer prom = PrometheusServer.start(dir)) {
            generate(broker.bootstrapServers(), "rw-plain", "--partitions", "3", "--series", "300", "--samples", "6000",
                    "--batch-samples", "200", "--start-time", "now", "--nan-share", "0.01", "--inf-share", "0.01", "--seed", "3");
            List<Point> expected = expected(inputPoints(broker.bootstrapServers(), "rw-plain", Map.of("relay", "promsnap")));
            Path json = dir.resolve("summary.json");
            Run r = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", "rw-plain",
                    "--to", "remote-write", "--url", prom.writeUrl(), "--add-label", "relay=promsnap",
                    "--max-samples-per-send", "500", "--idle-timeout", "3s", "--json", json.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("messages=30 decoded=30", "samples_in=6000 samples_sent=6000", "samples_rejected=0",
                    "samples_unacknowledged=0", "committed=30");
            assertThat(r.err()).contains("relaying rw-plain", "in=", "lag=");
            JsonNode summary = JSON.readTree(Files.readString(json));
            assertThat(summary.get("samples_sent").asLong()).isEqualTo(6000);
            assertThat(summary.get("retries").asLong()).isZero();

            Readback rb = readBack(prom, expected);
            assertThat(rb.missing).isEmpty();
            assertThat(rb.unexpected).isEmpty();
            assertThat(rb.distinct).isEqualTo(6000);
            System.out.println("remote-write into Prometheus: " + r.out().strip() + "; read back " + rb.distinct
                    + " distinct samples of " + rb.series + " series, 0 missing");
        }
    }

    record Readback(Set<Point> missing, Set<Point> unexpected, int distinct, int series) {
    }

    /** What Prometheus stores: empty-valued labels are no labels. */
    static List<Point> expected(List<Point> input) {
        return input.stream().map(p -> {
            Map<String, String> l = new TreeMap<>(p.labels());
            l.values().removeIf(String::isEmpty);
            return new Point(p.name(), l, p.value(), p.timestamp());
        }).toList();
    }

    static Readback readBack(PrometheusServer prom, List<Point> expected) throws Exception {
        long min = expected.stream().mapToLong(Point::timestamp).min().orElseThrow();
        long max = expected.stream().mapToLong(Point::timestamp).max().orElseThrow();
        List<Point> stored = prom.readBack(min - 1, max);
        Set<Point> storedSet = new HashSet<>(stored);
        assertThat(storedSet).as("Prometheus returns one sample per series and timestamp").hasSameSizeAs(stored);
        Set<Point> want = new HashSet<>(expected);
        Set<Point> missing = new HashSet<>(want);
        missing.removeAll(storedSet);
        Set<Point> unexpected = new HashSet<>(storedSet);
        unexpected.removeAll(want);
        Map<String, Integer> series = new HashMap<>();
        stored.forEach(p -> series.merge(p.series(), 1, Integer::sum));
        return new Readback(missing, unexpected, storedSet.size(), series.size());
    }
}
