package io.promsnap.traffic.encode;

/**
 * One finished batch: the compressed message value, how many samples it holds and how long its JSON was.
 *
 * @param payload   the compressed bytes (owned by the receiver)
 * @param samples   samples in the JSON array
 * @param jsonBytes uncompressed length
 */
public record Batch(byte[] payload, int samples, int jsonBytes) {
}
