package io.promsnap.flink;

import java.util.Arrays;

/**
 * A message {@link PromsnapDecodeFunction} could not decode, as sent to its side output (a Flink POJO).
 *
 * <p>{@code emittedSamples} samples of it were emitted before the error (a JSON error near the end of a
 * large batch comes after its first samples were delivered): a dead-letter consumer that replays the
 * payload must skip that many to avoid duplicates.
 */
public class PromsnapBadMessage {
    /** The message value as received. */
    public byte[] payload;
    /** {@link io.promsnap.ErrorCategory} name: COMPRESSION, JSON_SYNTAX, SCHEMA or LIMIT. */
    public String category;
    /** The decoder's message, with the position of the error. */
    public String error;
    public long emittedSamples;

    public PromsnapBadMessage() {
    }

    public PromsnapBadMessage(byte[] payload, String category, String error, long emittedSamples) {
        this.payload = payload;
        this.category = category;
        this.error = error;
        this.emittedSamples = emittedSamples;
    }

    @Override
    public String toString() {
        return "PromsnapBadMessage[" + (payload == null ? 0 : payload.length) + " bytes, " + category + ", "
                + emittedSamples + " samples emitted: " + error + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromsnapBadMessage b && Arrays.equals(payload, b.payload)
                && java.util.Objects.equals(category, b.category) && java.util.Objects.equals(error, b.error)
                && emittedSamples == b.emittedSamples;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(Arrays.hashCode(payload), category, error, emittedSamples);
    }
}
