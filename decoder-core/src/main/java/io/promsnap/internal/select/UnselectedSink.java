package io.promsnap.internal.select;

/**
 * Implemented by the engine's counting visitor: a built-in stage that has decided a valid sample is not
 * selected tells it so (for the report) instead of delivering the sample. A visitor that does not implement
 * it (a stage run on its own, in tests) simply does not hear of unselected samples.
 */
public interface UnselectedSink {
    void onUnselected();
}
