package io.promsnap.flink;

import java.io.Serializable;

import io.promsnap.SampleView;

/**
 * Turns the decoder's reusable view into the record a job wants, inside the decoder's callback: the only
 * copy made is the one the mapper makes, so a job that needs only the name and the value never builds a
 * label map. The view is valid only during the call. Returning {@code null} emits nothing for that
 * sample (a filter at the source); it is not an error.
 */
@FunctionalInterface
public interface SampleMapper<T> extends Serializable {
    T map(SampleView sample);
}
