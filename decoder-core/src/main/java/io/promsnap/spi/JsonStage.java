package io.promsnap.spi;

import io.promsnap.DecodeReport;
import io.promsnap.SampleVisitor;

/**
 * The JSON half of a decoder: reads a decompressed JSON array of samples and delivers them. Created
 * once per decoder with its {@link io.promsnap.DecoderConfig}; reused across payloads; not thread-safe.
 *
 * <p>Contract shared by every stage (see docs/format.md): the input has already passed
 * {@link Utf8Validator} (valid UTF-8, no raw control characters other than tab, LF, CR). The stage must
 * reject raw tab/LF/CR inside strings, apply the limits before allocating, parse values and timestamps
 * only through {@link Numbers}, detect duplicate labels through
 * {@link io.promsnap.SampleView#addLabel}, honour the error policy, and report positions as byte offsets
 * relative to {@code off}.
 */
public interface JsonStage {

    /** {@code jackson}, {@code dsl-json} or {@code scanner}: the second half of a decoder name. */
    String name();

    /**
     * Parses {@code json[off, off+len)}, calls the visitor once per valid sample and records samples and
     * skips in {@code report}. Returns the number of samples delivered.
     */
    int parse(byte[] json, int off, int len, SampleVisitor visitor, DecodeReport report);

    /**
     * {@link #parse(byte[], int, int, SampleVisitor, DecodeReport)}, told by
     * {@link Utf8Validator#validateDetectingControls} whether the input holds any raw tab, LF or CR. When
     * {@code controls} is false there is no byte below 0x20 anywhere, and a stage may skip looking for one
     * inside strings. Passing {@code true} is always correct. The default ignores the hint.
     */
    default int parse(byte[] json, int off, int len, SampleVisitor visitor, DecodeReport report, boolean controls) {
        return parse(json, off, len, visitor, report);
    }
}
