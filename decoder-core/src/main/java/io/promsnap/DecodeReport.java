package io.promsnap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the last {@code decode} call of one decoder did. Owned and reused by that decoder (read it
 * before the next call). Read-only for users: decoders write it through {@code io.promsnap.spi.ReportWriter}.
 */
public final class DecodeReport {
    /** How many skip reasons are kept; the count goes on beyond it. */
    public static final int MAX_KEPT_REASONS = 100;

    private long compressedBytes;
    private long jsonBytes;
    private long samples;
    private long skippedCount;
    private long unselectedCount;
    private final List<PromsnapException> skipped = new ArrayList<>();

    /** Created by decoders ({@code io.promsnap.spi.ReportWriter}). */
    DecodeReport() {
    }

    public long compressedBytes() {
        return compressedBytes;
    }

    /** Decompressed JSON bytes. */
    public long jsonBytes() {
        return jsonBytes;
    }

    /** Samples delivered to the visitor (with a {@link Selector}: the selected ones). */
    public long samples() {
        return samples;
    }

    /** Samples dropped under {@link ErrorPolicy#SKIP}. */
    public long skippedCount() {
        return skippedCount;
    }

    /**
     * Valid samples that the decoder's {@link Selector} did not select: validated, not delivered. Always 0
     * without a selector. {@code samples() + unselectedCount() + skippedCount()} is every element of the array.
     */
    public long unselectedCount() {
        return unselectedCount;
    }

    /** The first {@value #MAX_KEPT_REASONS} skip reasons, unmodifiable view. */
    public List<PromsnapException> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    void reset(long compressedBytes) {
        this.compressedBytes = compressedBytes;
        this.jsonBytes = 0;
        this.samples = 0;
        this.skippedCount = 0;
        this.unselectedCount = 0;
        if (!skipped.isEmpty()) {
            skipped.clear();
        }
    }

    void setJsonBytes(long jsonBytes) {
        this.jsonBytes = jsonBytes;
    }

    void addSample() {
        samples++;
    }

    void addUnselected() {
        unselectedCount++;
    }

    void addSkipped(PromsnapException reason) {
        skippedCount++;
        if (skipped.size() < MAX_KEPT_REASONS) {
            skipped.add(reason);
        }
    }

    /**
     * This report becomes {@code inner}'s with the delivered count replaced and {@code filtered} more
     * unselected samples ({@link SelectingDecoder}).
     */
    void copyFiltered(DecodeReport inner, long delivered, long filtered) {
        reset(inner.compressedBytes);
        jsonBytes = inner.jsonBytes;
        samples = delivered;
        unselectedCount = inner.unselectedCount + filtered;
        skippedCount = inner.skippedCount;
        skipped.addAll(inner.skipped);
    }

    @Override
    public String toString() {
        return "DecodeReport{compressedBytes=" + compressedBytes + ", jsonBytes=" + jsonBytes + ", samples=" + samples
                + ", unselected=" + unselectedCount + ", skipped=" + skippedCount + '}';
    }
}
