package io.promsnap.spi;

import io.promsnap.SampleVisitor;

/**
 * The JSON half of a decoder: reads a decompressed JSON array of samples and delivers them. Created
 * once per decoder with its {@link io.promsnap.DecoderConfig}; reused across payloads; not thread-safe.
 *
 * <p>Contract shared by every stage (see docs/format.md): the input has already passed the shared UTF-8
 * pass (valid UTF-8, no raw control characters other than tab, LF, CR). The stage must reject raw
 * tab/LF/CR inside strings, apply the limits before allocating, fill samples through a
 * {@link SampleWriter} (which detects duplicate labels identically for every stage), honour the error
 * policy by calling {@link SampleVisitor#onSkipped}, and report positions as byte offsets relative to
 * {@code off}. The decoder counts what the stage delivers and skips in its {@link io.promsnap.DecodeReport}.
 */
public interface JsonStage {

    /** {@code jackson}, {@code dsl-json} or {@code scanner}: the second half of a decoder name. */
    String name();

    /**
     * Parses {@code json[off, off+len)}, calls {@code visitor.onSample} once per valid sample and
     * {@code visitor.onSkipped} once per dropped one. Returns the number of samples delivered.
     */
    int parse(byte[] json, int off, int len, SampleVisitor visitor);

    /**
     * {@link #parse(byte[], int, int, SampleVisitor)}, told by the UTF-8 pass whether the input holds any
     * raw tab, LF or CR. When {@code controls} is false there is no byte below 0x20 anywhere, and a stage may
     * skip looking for one inside strings. Passing {@code true} is always correct. The default ignores the hint.
     */
    default int parse(byte[] json, int off, int len, SampleVisitor visitor, boolean controls) {
        return parse(json, off, len, visitor);
    }
}
