package io.promsnap;

/** What a decoder does with a sample whose schema is wrong. */
public enum ErrorPolicy {
    /** The first error of any kind ends the payload with a {@link PromsnapException}. Default. */
    FAIL,
    /**
     * A sample with a schema error (missing, duplicated or mistyped key, unparsable value or timestamp)
     * is dropped, reported through {@link SampleVisitor#onSkipped} and {@link DecodeReport}, and decoding
     * goes on with the next element. Compression, JSON syntax and limit errors, and a top level that is
     * not an array of objects, still fail the payload: after them nothing that follows can be trusted.
     */
    SKIP
}
