package io.promsnap.spi;

import io.promsnap.DecodeReport;
import io.promsnap.PromsnapException;
import io.promsnap.internal.access.ViewAccess;

/**
 * The write side of one {@link DecodeReport}, for {@link io.promsnap.PayloadDecoder} implementations that
 * do not use {@link StagedDecoderFactory} (which keeps the report itself). The decoder returns
 * {@link #report()} from {@code lastReport()}; users can read it but not change it. Not thread-safe.
 */
public final class ReportWriter {
    private final DecodeReport report = ViewAccess.newReport();

    public DecodeReport report() {
        return report;
    }

    /** Starts the report of a new payload of {@code compressedBytes}. */
    public void reset(long compressedBytes) {
        ViewAccess.reset(report, compressedBytes);
    }

    public void setJsonBytes(long jsonBytes) {
        ViewAccess.setJsonBytes(report, jsonBytes);
    }

    /** One sample delivered to the visitor. */
    public void addSample() {
        ViewAccess.addSample(report);
    }

    /** One valid sample that the configured {@link io.promsnap.Selector} did not select. */
    public void addUnselected() {
        ViewAccess.addUnselected(report);
    }

    /** One sample dropped under {@link io.promsnap.ErrorPolicy#SKIP}. */
    public void addSkipped(PromsnapException reason) {
        ViewAccess.addSkipped(report, reason);
    }
}
