package io.promsnap.scanner;

import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.internal.text.Utf8Validator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Runs the scanner stage the way StagedDecoder does (UTF-8 validation first) and collects what it delivers. */
final class Runs {
    private Runs() {
    }

    /** What one parse delivered. */
    record Result(List<Sample> samples, List<PromsnapException> skipped, int returned) {
    }

    static Result run(byte[] json, DecoderConfig config) {
        return run(json, 0, json.length, new ScannerJsonStage(config));
    }

    static Result run(byte[] buf, int off, int len, ScannerJsonStage stage) {
        boolean controls = Utf8Validator.validateDetectingControls(buf, off, len);
        List<Sample> samples = new ArrayList<>();
        List<PromsnapException> skipped = new ArrayList<>();
        int n = stage.parse(buf, off, len, new SampleVisitor() {
            @Override
            public void onSample(SampleView s) {
                samples.add(s.toSample());
            }

            @Override
            public void onSkipped(PromsnapException reason) {
                skipped.add(reason);
            }
        }, controls);
        assertThat(n).isEqualTo(samples.size());
        return new Result(samples, skipped, n);
    }

    static List<Sample> ok(String json) {
        return run(bytes(json), DecoderConfig.defaults()).samples();
    }

    static Sample one(String json) {
        List<Sample> s = ok(json);
        assertThat(s).hasSize(1);
        return s.get(0);
    }

    static PromsnapException error(String json) {
        return error(bytes(json), DecoderConfig.defaults());
    }

    static PromsnapException error(byte[] json, DecoderConfig config) {
        PromsnapException e = catchThrowableOfType(PromsnapException.class, () -> run(json, config));
        assertThat(e).as("expected a PromsnapException").isNotNull();
        return e;
    }

    static PromsnapException error(String json, ErrorCategory category) {
        PromsnapException e = error(json);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
        return e;
    }

    static DecoderConfig skip() {
        return DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP);
    }

    static DecoderConfig limits(DecodeLimits l) {
        return DecoderConfig.defaults().withLimits(l);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One minimal sample with this label value (raw JSON text of the string content). */
    static String withLabel(String rawLabelValue) {
        return "[{\"__name__\":\"m\",\"l\":\"" + rawLabelValue + "\",\"value\":\"1\",\"timestamp\":\"2\"}]";
    }
}
