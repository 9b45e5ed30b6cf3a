package io.promsnap.bench;

import io.promsnap.bench.results.Report;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTableTheGoalsAndTwoPngCharts() throws Exception {
        Results r = new Results(List.of(
                new Row("typical", "snappy-java+scanner", Row.Kind.DECODER, 300, 10, Results.UNIT_JMH, 2_000, new double[0]),
                new Row("typical", "snappy-java+scanner (batch)", Row.Kind.BATCH, 60, 5, Results.UNIT_JMH, 3.3e7,
                        new double[0]),
                new Row("typical", "seed-naive", Row.Kind.REFERENCE, 40, 2, Results.UNIT_JMH, 5.7e7, new double[0]),
                new Row("typical", "decompress-only:snappy-java", Row.Kind.REFERENCE, 500, 20, Results.UNIT_JMH, 0,
                        new double[0]),
                new Row("typical", "parse-only:scanner", Row.Kind.REFERENCE, 700, 20, Results.UNIT_JMH, 0, new double[0]),
                new Row("typical", "validate-only:utf8", Row.Kind.REFERENCE, 3000, 20, Results.UNIT_JMH, 0, new double[0])),
                Map.of("jdkVersion", "17"));
        Report.write(dir, r, Map.of("typical", new Results.CorpusSize(20_000, 5_000_000, 800_000)), "test");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| snappy-java+scanner | 1,500 | 50 | 240 | 6.00 M | 0.1 | 7.50× [7.05, 7.95] |")
                .contains("= 7.50× [7.05, 7.95] seed-naive samples/s (goal ≥ 5): met")
                .contains("0.60× its own decompress-only rate (goal ≥ 0.45): met")
                .contains("1.03× the decompress-only + parse-only prediction")
                .contains("(1.13× with the shared validate-only pass added)")
                .contains("| scanner special-byte search, UTF-8 pass | SWAR")
                .contains("| jdkVersion | 17 |");
        for (String png : List.of("throughput-typical.png", "allocation-typical.png")) {
            byte[] b = Files.readAllBytes(dir.resolve(png));
            assertThat(b.length).isGreaterThan(1000);
            assertThat(new String(b, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
