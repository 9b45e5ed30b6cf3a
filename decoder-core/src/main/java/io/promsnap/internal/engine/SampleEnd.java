package io.promsnap.internal.engine;

import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;

/**
 * What every JSON stage does at the closing {@code }} of an element, in one place: a missing required
 * key is a SCHEMA error at the brace; under the skip policy the sample's first schema error is reported
 * and the sample dropped; otherwise the sample is delivered.
 */
public final class SampleEnd {
    private SampleEnd() {
    }

    /**
     * @param dropped    the element's first schema error under the skip policy, or {@code null}
     * @param braceOffset offset of the closing brace, relative to the JSON start
     * @return {@code true} when the sample was delivered
     * @throws PromsnapException for a missing key when not skipping
     */
    public static boolean finish(SampleView view, boolean hasName, boolean hasValue, boolean hasTimestamp,
                                 PromsnapException dropped, boolean skip, long braceOffset,
                                 SampleVisitor visitor) {
        if (dropped == null) {
            String missing = !hasName ? "__name__" : !hasValue ? "value" : !hasTimestamp ? "timestamp" : null;
            if (missing != null) {
                PromsnapException e = PromsnapException.schema(braceOffset, view.index(), "missing " + missing);
                if (!skip) {
                    throw e;
                }
                dropped = e;
            }
        }
        if (dropped != null) {
            visitor.onSkipped(dropped);
            return false;
        }
        visitor.onSample(view);
        return true;
    }
}
