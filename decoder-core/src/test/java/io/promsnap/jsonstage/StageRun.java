package io.promsnap.jsonstage;

import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.dsljson.DslJsonStage;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.JsonStage;
import io.promsnap.internal.text.Utf8Validator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one JSON stage on JSON bytes the way a decoder does (UTF-8 validation first) and records what
 * came out in a form that two stages can be compared by: every sample (labels in order, value bits),
 * every skip reason and the error (category, offset, sample index).
 */
final class StageRun {
    /** Both library stages, by name: every test runs on each, and differential tests on the pair. */
    static final List<Map.Entry<String, Function<DecoderConfig, JsonStage>>> STAGES = List.of(
            Map.entry("jackson", JacksonJsonStage::new),
            Map.entry("dsl-json", DslJsonStage::new));

    final List<Sample> samples = new ArrayList<>();
    final List<String> canonical = new ArrayList<>();
    final List<PromsnapException> skipped = new ArrayList<>();
    PromsnapException error;
    int returned = -1;

    /**
     * Places the JSON at offset 3 of a larger array whose surrounding bytes would change the result if a
     * stage read outside {@code [off, off+len)}: a quote and a bracket before, and an unterminated string
     * with a closing bracket after.
     */
    static StageRun run(JsonStage stage, byte[] jsonBytes) {
        byte[] prefix = {'"', ']', '['};
        byte[] suffix = {'"', 'x', '"', ']', '}', '"'};
        byte[] buf = new byte[prefix.length + jsonBytes.length + suffix.length];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        System.arraycopy(jsonBytes, 0, buf, prefix.length, jsonBytes.length);
        System.arraycopy(suffix, 0, buf, prefix.length + jsonBytes.length, suffix.length);
        return run(stage, buf, prefix.length, jsonBytes.length);
    }

    static StageRun run(JsonStage stage, byte[] buf, int off, int len) {
        StageRun r = new StageRun();
        byte[] before = buf.clone();
        try {
            boolean controls = Utf8Validator.validateDetectingControls(buf, off, len);
            r.returned = stage.parse(buf, off, len, new SampleVisitor() {
                @Override
                public void onSample(SampleView s) {
                    r.samples.add(s.toSample());
                    r.canonical.add(canonical(s));
                }

                @Override
                public void onSkipped(PromsnapException reason) {
                    r.skipped.add(reason);
                }
            }, controls);
        } catch (PromsnapException e) {
            r.error = e;
        }
        if (!Arrays.equals(before, buf)) {
            throw new AssertionError(stage.name() + " modified its input");
        }
        return r;
    }

    static StageRun run(JsonStage stage, String json) {
        return run(stage, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Exact bytes of every string, the value's bits and the timestamp. */
    static String canonical(SampleView s) {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(s.index()).append(' ').append(hex(s.name().toByteArray())).append(" {");
        for (int i = 0; i < s.labelCount(); i++) {
            sb.append(hex(s.labelKey(i).toByteArray())).append('=').append(hex(s.labelValue(i).toByteArray())).append(',');
        }
        sb.append("} ").append(Long.toHexString(Double.doubleToRawLongBits(s.value()))).append(' ')
                .append(s.timestampMillis());
        return sb.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /**
     * Category, sample index and, except for JSON_SYNTAX, offset. Syntax error offsets are not compared:
     * each library reports where it noticed the problem (Jackson sometimes one byte past a truncated
     * token or after a multi-byte character), which is not part of docs/format.md.
     */
    static String key(PromsnapException e) {
        if (e == null) {
            return "ok";
        }
        return e.category() + (e.category() == ErrorCategory.JSON_SYNTAX ? "" : "@" + e.offset()) + "#" + e.sampleIndex();
    }

    /** Everything two stages must agree on. */
    String outcome() {
        StringBuilder sb = new StringBuilder();
        sb.append(canonical).append(" skipped=");
        for (PromsnapException e : skipped) {
            sb.append(key(e)).append(' ');
        }
        sb.append(" delivered=").append(samples.size()).append('/').append(skipped.size());
        sb.append(" error=").append(key(error));
        return sb.toString();
    }

    @Override
    public String toString() {
        return outcome() + (error == null ? "" : " (" + error.getMessage() + ")");
    }
}
