package io.promsnap.suite;

import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.Selector;
import io.promsnap.internal.text.Utf8Validator;
import io.promsnap.spi.JsonStage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one JSON stage on JSON bytes the way a decoder does (the decoder's own UTF-8 pass first, which
 * also tells the stage whether raw tab/LF/CR occur) and records what came out in a form that two stages
 * can be compared by: every sample (labels in order, value bits), every skip reason and the error
 * (category, offset, sample index).
 */
final class StageRun {
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
        return run(stage, jsonBytes, Selector.all());
    }

    /**
     * {@code filter}: applied to what the stage delivers when the stage does not select itself
     * ({@link JsonStage#selects()} false), as the decoder does.
     */
    static StageRun run(JsonStage stage, byte[] jsonBytes, Selector filter) {
        byte[] prefix = {'"', ']', '['};
        byte[] suffix = {'"', 'x', '"', ']', '}', '"'};
        byte[] buf = new byte[prefix.length + jsonBytes.length + suffix.length];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        System.arraycopy(jsonBytes, 0, buf, prefix.length, jsonBytes.length);
        System.arraycopy(suffix, 0, buf, prefix.length + jsonBytes.length, suffix.length);
        return run(stage, buf, prefix.length, jsonBytes.length, filter);
    }

    static StageRun run(JsonStage stage, byte[] buf, int off, int len) {
        return run(stage, buf, off, len, Selector.all());
    }

    static StageRun run(JsonStage stage, byte[] buf, int off, int len, Selector filter) {
        Selector engine = stage.selects() ? Selector.all() : filter;
        int[] unselected = {0};
        StageRun r = new StageRun();
        byte[] before = buf.clone();
        try {
            boolean controls = Utf8Validator.validateDetectingControls(buf, off, len);
            r.returned = stage.parse(buf, off, len, new SampleVisitor() {
                @Override
                public void onSample(SampleView s) {
                    if (!engine.isAll() && !engine.matches(s)) {
                        unselected[0]++;
                        return;
                    }
                    r.samples.add(s.toSample());
                    r.canonical.add(canonical(s));
                }

                @Override
                public void onSkipped(PromsnapException reason) {
                    r.skipped.add(reason);
                }
            }, controls) - unselected[0];
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

    /**
     * Runs each stage on {@code json} and asserts that every run has the same {@link #outcome()}; returns
     * the first stage's run. The first stage (with {@code reuseAll}, every stage) also runs again after
     * another payload ({@code other}): a reused stage must give the same answer.
     */
    static StageRun agree(Map<String, Function<DecoderConfig, JsonStage>> stages, byte[] json, DecoderConfig config,
                          String other, boolean reuseAll) {
        StageRun first = null;
        String firstName = null;
        for (Map.Entry<String, Function<DecoderConfig, JsonStage>> e : stages.entrySet()) {
            JsonStage stage = e.getValue().apply(config);
            StageRun r = run(stage, json, config.selector());
            StageRun again = r;
            if (first == null || reuseAll) {
                run(stage, other.getBytes(StandardCharsets.UTF_8), config.selector());
                again = run(stage, json, config.selector());
            }
            if (!again.outcome().equals(r.outcome())) {
                throw new AssertionError(e.getKey() + " reused gives a different answer on " + abbreviate(json)
                        + "\nfresh:  " + r + "\nreused: " + again);
            }
            if (r.error == null && r.returned != r.samples.size()) {
                throw new AssertionError(e.getKey() + " returned " + r.returned + " but delivered " + r.samples.size());
            }
            if (first == null) {
                first = r;
                firstName = e.getKey();
            } else if (!r.outcome().equals(first.outcome())) {
                throw new AssertionError(e.getKey() + " vs " + firstName + " on " + abbreviate(json) + "\n" + firstName
                        + ": " + first + "\n" + e.getKey() + ": " + r);
            }
        }
        return first;
    }

    static String abbreviate(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }

    /** Exact bytes of every string, the value's bits and the timestamp. */
    static String canonical(SampleView s) {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(s.index()).append(' ').append(exact(s.name().toByteArray())).append(" {");
        for (int i = 0; i < s.labelCount(); i++) {
            sb.append(exact(s.labelKey(i).toByteArray())).append('=').append(exact(s.labelValue(i).toByteArray())).append(',');
        }
        sb.append("} ").append(Long.toHexString(Double.doubleToRawLongBits(s.value()))).append(' ')
                .append(s.timestampMillis());
        return sb.toString();
    }

    /** Every byte as one char (ISO-8859-1 maps bytes 1:1), with the length first: exact, and cheap for 20 kB values. */
    private static String exact(byte[] b) {
        return b.length + ":" + new String(b, StandardCharsets.ISO_8859_1);
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
