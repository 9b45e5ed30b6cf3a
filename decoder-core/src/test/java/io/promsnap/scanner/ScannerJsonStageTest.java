package io.promsnap.scanner;

import io.promsnap.DecodeLimits;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import org.junit.jupiter.api.Test;

import static io.promsnap.ErrorCategory.JSON_SYNTAX;
import static io.promsnap.ErrorCategory.SCHEMA;
import static io.promsnap.scanner.Runs.bytes;
import static io.promsnap.scanner.Runs.error;
import static io.promsnap.scanner.Runs.ok;
import static io.promsnap.scanner.Runs.one;
import static io.promsnap.scanner.Runs.withLabel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the scanner has: the eight-byte (SWAR) and vector string search at every lane position, views
 * into the input buffer instead of copies, the compact fast path that hands an element to the general
 * path midway, and no allocation per sample. Everything every stage must do is in
 * {@code io.promsnap.suite.AbstractJsonStageSuite}, which runs the scanner too ({@code RegisteredJsonStagesTest}).
 */
class ScannerJsonStageTest {
    static final String SEED = "[{\"__name__\":\"up\",\"job\":\"x\",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"}]";

    /** The string scanner reads eight bytes at a time: put the quote and backslash at every lane position. */
    @Test
    void quoteAndBackslashAtEveryPositionRelativeToAWord() {
        for (int pad = 0; pad < 9; pad++) {
            for (int len = 0; len < 26; len++) {
                StringBuilder content = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    content.append((char) ('a' + k % 26));
                }
                String prefix = " ".repeat(pad);
                // plain
                Sample s = one(prefix + withLabel(content.toString()));
                assertThat(s.labels().get("l")).isEqualTo(content.toString());
                // one escape at every position, and a multi-byte character at every position
                for (int at = 0; at <= len; at++) {
                    String c = content.toString();
                    String esc = c.substring(0, at) + "\\\"" + c.substring(at);
                    assertThat(one(prefix + withLabel(esc)).labels().get("l"))
                            .isEqualTo(c.substring(0, at) + "\"" + c.substring(at));
                    String bs = c.substring(0, at) + "\\\\" + c.substring(at);
                    assertThat(one(prefix + withLabel(bs)).labels().get("l"))
                            .isEqualTo(c.substring(0, at) + "\\" + c.substring(at));
                    String mb = c.substring(0, at) + "é😀" + c.substring(at);
                    assertThat(one(prefix + withLabel(mb)).labels().get("l")).isEqualTo(mb);
                    String tab = c.substring(0, at) + "\t" + c.substring(at);
                    assertThat(error(prefix + withLabel(tab), JSON_SYNTAX).offset())
                            .isEqualTo(pad + withLabel("").indexOf("\"l\":\"") + 5 + at);
                }
            }
        }
    }

    @Test
    void stringsAtTheVeryEndOfTheBufferAndInsideALargerArray() {
        byte[] json = bytes(SEED);
        byte[] big = new byte[json.length + 20];
        java.util.Arrays.fill(big, (byte) '"');
        System.arraycopy(json, 0, big, 7, json.length);
        ScannerJsonStage stage = new ScannerJsonStage();
        Runs.Result r = Runs.run(big, 7, json.length, stage);
        assertThat(r.samples()).containsExactly(one(SEED));
        // offsets are relative to off
        big[7 + json.length - 1] = '}';
        PromsnapException e = org.assertj.core.api.Assertions.catchThrowableOfType(PromsnapException.class,
                () -> Runs.run(big, 7, json.length, stage));
        assertThat(e.category()).isEqualTo(JSON_SYNTAX);
        assertThat(e.offset()).isEqualTo(json.length - 1);
    }

    @Test
    void unescapedStringsAreViewsIntoTheJsonBuffer() {
        byte[] json = bytes("[{\"__name__\":\"up\",\"job\":\"x\",\"e\\n\":\"y\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        boolean[] seen = {false};
        new ScannerJsonStage().parse(json, 0, json.length, v -> {
            assertThat(v.name().array()).isSameAs(json);
            assertThat(v.name().offset()).isEqualTo(14);
            assertThat(v.labelKey(0).array()).isSameAs(json);
            assertThat(v.labelValue(0).array()).isSameAs(json);
            assertThat(v.labelKey(1).array()).isNotSameAs(json);
            assertThat(v.labelKey(1).toString()).isEqualTo("e\n");
            assertThat(v.labelValue(1).array()).isSameAs(json);
            seen[0] = true;
        });
        assertThat(seen[0]).isTrue();
    }

    @Test
    void compactSamplesThatLeaveTheFastPathMidwayDecodeLikeTheirPrettyTwins() {
        // each of these is compact up to a point where the quick path gives up (special value spellings,
        // a number token, an escape, a negative or long timestamp, a duplicate, whitespace, a nested value
        // under skip) and the general path reads the element again; the result must not depend on that
        String[] samples = {
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"NaN\",\"timestamp\":\"1\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"-Infinity\",\"timestamp\":\"-5\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":1.5e3,\"timestamp\":1698732988354}",
            "{\"__name__\":\"m\",\"a\\u0062\":\"x\\ny\",\"value\":\"0.1000000000000000055511151231257827\",\"timestamp\":\"+7\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"1\",\"timestamp\":\"9223372036854775807\"}",
            "{\"a\":\"x\",\"timestamp\":\"12\",\"__name__\":\"m\",\"value\":\"12345678901234567\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"1\" ,\"timestamp\":\"1\"}",
        };
        for (String s : samples) {
            String pretty = s.replace(",", " ,\n ").replace(":", " : ");
            assertThat(ok("[" + s + "," + s + "]")).as(s).isEqualTo(ok("[ " + pretty + " , " + pretty + " ]"));
        }
        String dup = "{\"__name__\":\"m\",\"a\":\"x\",\"a\":\"y\",\"value\":\"1\",\"timestamp\":\"1\"}";
        assertThat(error(bytes("[" + dup + "]"), Runs.limits(DecodeLimits.defaults())).category()).isEqualTo(SCHEMA);
        String nested = "{\"__name__\":\"m\",\"a\":{\"b\":[1]},\"value\":\"1\",\"timestamp\":\"1\"}";
        String good = "{\"__name__\":\"m\",\"value\":\"2\",\"timestamp\":\"3\"}";
        assertThat(Runs.run(bytes("[" + nested + "," + dup + "," + good + "]"), Runs.skip()).samples())
                .extracting(io.promsnap.Sample::value).containsExactly(2.0);
    }

    @Test
    void noAllocationPerSampleInSteadyState() {
        // the vector mask forced on where C2 cannot keep the vectors in registers (Java 17: the
        // scanner-vector test execution) boxes them; VectorSupport never chooses it there on its own
        org.junit.jupiter.api.Assumptions.assumeFalse(Bytes.VECTOR && Runtime.version().feature() < 21,
                "vector mask forced on a JDK whose C2 does not intrinsify it");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < 1000; k++) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append("{\"__name__\":\"container_cpu_usage_seconds_total\",\"cluster\":\"c-1\",\"namespace\":\"kube-system\","
                    + "\"pod\":\"coredns-").append(k).append("\",\"container\":\"coredns\",\"job\":\"kubelet\","
                    + "\"instance\":\"10.0.0.").append(k % 250).append(":10250\",\"esc\\u00e9\":\"a\\nb\","
                    + "\"value\":\"").append(k).append(".5\",\"timestamp\":\"16987329").append(88354 + k).append("\"}");
        }
        byte[] json = bytes(sb.append(']').toString());
        ScannerJsonStage stage = new ScannerJsonStage();
        long[] sum = {0};
        io.promsnap.SampleVisitor v = s -> sum[0] += s.labelCount() + s.timestampMillis() + (long) s.value();
        for (int k = 0; k < 3000; k++) {
            stage.parse(json, 0, json.length, v);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int k = 0; k < 100; k++) {
            stage.parse(json, 0, json.length, v);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated / (100.0 * 1000)).as("bytes allocated per sample").isLessThan(0.5);
        assertThat(sum[0]).isPositive();
    }
}
