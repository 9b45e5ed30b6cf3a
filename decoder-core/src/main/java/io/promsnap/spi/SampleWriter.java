package io.promsnap.spi;

import io.promsnap.DecodeLimits;
import io.promsnap.SampleView;
import io.promsnap.internal.access.ViewAccess;

/**
 * The write side of one {@link SampleView}, for {@link JsonStage} and {@link io.promsnap.PayloadDecoder}
 * implementations. Each writer owns its view: a decoder keeps the writer and hands visitors only
 * {@link #view()}, which has no public mutators, so a visitor cannot change what the decoder delivers.
 * Not thread-safe; reuse one per decoder.
 *
 * <pre>{@code
 * writer.begin(index);
 * writer.setName(json, nameOff, nameLen);
 * if (!writer.addLabel(json, kOff, kLen, json, vOff, vLen)) throw duplicate...;
 * writer.setValue(v);
 * writer.setTimestampMillis(t);
 * visitor.onSample(writer.view());
 * }</pre>
 */
public final class SampleWriter {
    private final SampleView view = ViewAccess.newSampleView();

    /** The view this writer fills; the same object for the writer's life. */
    public SampleView view() {
        return view;
    }

    /**
     * Marks the start of a payload: call it once at the start of every {@link JsonStage#parse}, before the
     * first {@link #begin}, so that {@link SampleView#sameLabelsAsPrevious()} never compares a payload's
     * first sample with the last one of the payload before.
     */
    public void startPayload() {
        ViewAccess.startPayload(view);
    }

    /** Starts a new sample ({@code index}: its 0-based position in the payload's array): clears everything. */
    public void begin(long index) {
        ViewAccess.begin(view, index);
    }

    /** The metric name, {@code array[offset, offset+length)}: valid UTF-8 with escapes resolved. */
    public void setName(byte[] array, int offset, int length) {
        ViewAccess.setName(view, array, offset, length);
    }

    public void setValue(double value) {
        ViewAccess.setValue(view, value);
    }

    public void setTimestampMillis(long millis) {
        ViewAccess.setTimestampMillis(view, millis);
    }

    /**
     * Appends a label (bytes are referenced, not copied: they must stay put until the visitor returns).
     * Returns {@code false} and adds nothing when this sample already has a label with the same key, so
     * every decoder detects duplicates identically. Check {@link DecodeLimits#checkLabelCount} first.
     */
    public boolean addLabel(byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        return ViewAccess.addLabel(view, kArr, kOff, kLen, vArr, vOff, vLen);
    }

    /** Labels added since {@link #begin}. */
    public int labelCount() {
        return view.labelCount();
    }
}
