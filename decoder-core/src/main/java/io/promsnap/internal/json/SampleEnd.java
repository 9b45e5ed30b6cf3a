package io.promsnap.internal.json;

import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.internal.select.SelectorEvaluator;

/**
 * What the library stages do at the closing {@code }} of an element, in one place (the scanner, which
 * delivers from its own loop, uses {@link JsonErrors#missingKey} directly): a missing required key is a
 * SCHEMA error at the brace; under the skip policy the sample's first schema error is reported
 * and the sample dropped; otherwise the sample is delivered.
 */
public final class SampleEnd {
    private SampleEnd() {
    }

    /**
     * @param dropped    the element's first schema error under the skip policy, or {@code null}
     * @param braceOffset offset of the closing brace, relative to the JSON start
     * @param sel         the selector on bytes, or {@code null} for every sample
     * @param nameRejected whether {@code sel} already rejected the sample's name
     * @return {@code true} when the sample was delivered
     * @throws PromsnapException for a missing key when not skipping
     */
    public static boolean finish(SampleView view, boolean hasName, boolean hasValue, boolean hasTimestamp,
                                 PromsnapException dropped, boolean skip, long braceOffset,
                                 SampleVisitor visitor, SelectorEvaluator sel, boolean nameRejected) {
        if (dropped == null) {
            String missing = JsonErrors.missingKey(hasName, hasValue, hasTimestamp);
            if (missing != null) {
                PromsnapException e = JsonErrors.missing(braceOffset, view.index(), missing);
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
        return SelectorEvaluator.deliver(sel, nameRejected, view, visitor);
    }
}
