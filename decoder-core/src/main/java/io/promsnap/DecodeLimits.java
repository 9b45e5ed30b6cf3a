package io.promsnap;

/**
 * Safety limits, immutable, applied identically by every decoder and always checked <em>before</em>
 * anything of the checked size is allocated. Defaults accept real delivery payloads (tens of MB, 60+
 * labels, 20 KB label values) and refuse decompression bombs.
 *
 * <pre>{@code
 * DecodeLimits limits = DecodeLimits.builder().maxDecompressedBytes(64 << 20).maxLabelsPerSample(200).build();
 * }</pre>
 */
public final class DecodeLimits {
    /** 256 MiB. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 << 20;
    public static final int DEFAULT_MAX_SAMPLES_PER_PAYLOAD = 10_000_000;
    public static final int DEFAULT_MAX_LABELS_PER_SAMPLE = 1_000;
    /** 1 MiB of UTF-8 after unescaping, for any name, label key or label value. */
    public static final int DEFAULT_MAX_STRING_BYTES = 1 << 20;
    /** Arrays cannot be larger than this on HotSpot. */
    public static final int HARD_MAX_BYTES = Integer.MAX_VALUE - 16;

    private static final DecodeLimits DEFAULTS = builder().build();

    private final int maxDecompressedBytes;
    private final int maxSamplesPerPayload;
    private final int maxLabelsPerSample;
    private final int maxStringBytes;

    private DecodeLimits(Builder b) {
        this.maxDecompressedBytes = b.maxDecompressedBytes;
        this.maxSamplesPerPayload = b.maxSamplesPerPayload;
        this.maxLabelsPerSample = b.maxLabelsPerSample;
        this.maxStringBytes = b.maxStringBytes;
    }

    public static DecodeLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxDecompressedBytes(maxDecompressedBytes).maxSamplesPerPayload(maxSamplesPerPayload)
                .maxLabelsPerSample(maxLabelsPerSample).maxStringBytes(maxStringBytes);
    }

    public int maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    public int maxSamplesPerPayload() {
        return maxSamplesPerPayload;
    }

    public int maxLabelsPerSample() {
        return maxLabelsPerSample;
    }

    public int maxStringBytes() {
        return maxStringBytes;
    }

    /**
     * Checks a declared decompressed size (from a Snappy preamble or a chunk header) before the buffer for
     * it is allocated. {@code declared} is a long because a varint can declare more than 2 GiB.
     */
    public void checkDecompressedSize(long declared, long compressedOffset) {
        if (declared > maxDecompressedBytes) {
            throw PromsnapException.limit(PromsnapException.Region.COMPRESSED, compressedOffset, -1,
                    "declared decompressed size " + declared + " exceeds the limit of " + maxDecompressedBytes
                            + " bytes (maxDecompressedBytes)");
        }
    }

    /** Throws when a payload holds more samples than allowed; {@code index} is the 0-based index about to be read. */
    public void checkSampleIndex(long index, long jsonOffset) {
        if (index >= maxSamplesPerPayload) {
            throw PromsnapException.limit(PromsnapException.Region.JSON, jsonOffset, index,
                    "more than " + maxSamplesPerPayload + " samples in one payload (maxSamplesPerPayload)");
        }
    }

    /** Throws when a sample would get more labels than allowed; {@code count} is the count including the new one. */
    public void checkLabelCount(int count, long jsonOffset, long sampleIndex) {
        if (count > maxLabelsPerSample) {
            throw PromsnapException.limit(PromsnapException.Region.JSON, jsonOffset, sampleIndex,
                    "more than " + maxLabelsPerSample + " labels in one sample (maxLabelsPerSample)");
        }
    }

    /** Throws when a string's UTF-8 length (after unescaping, or an upper bound of it) exceeds the limit. */
    public void checkStringBytes(long length, long jsonOffset, long sampleIndex) {
        if (length > maxStringBytes) {
            throw PromsnapException.limit(PromsnapException.Region.JSON, jsonOffset, sampleIndex,
                    "string of " + length + " bytes exceeds the limit of " + maxStringBytes + " (maxStringBytes)");
        }
    }

    @Override
    public String toString() {
        return "DecodeLimits{maxDecompressedBytes=" + maxDecompressedBytes + ", maxSamplesPerPayload="
                + maxSamplesPerPayload + ", maxLabelsPerSample=" + maxLabelsPerSample + ", maxStringBytes="
                + maxStringBytes + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodeLimits l && l.maxDecompressedBytes == maxDecompressedBytes
                && l.maxSamplesPerPayload == maxSamplesPerPayload && l.maxLabelsPerSample == maxLabelsPerSample
                && l.maxStringBytes == maxStringBytes;
    }

    @Override
    public int hashCode() {
        return ((maxDecompressedBytes * 31 + maxSamplesPerPayload) * 31 + maxLabelsPerSample) * 31 + maxStringBytes;
    }

    public static final class Builder {
        private int maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES;
        private int maxSamplesPerPayload = DEFAULT_MAX_SAMPLES_PER_PAYLOAD;
        private int maxLabelsPerSample = DEFAULT_MAX_LABELS_PER_SAMPLE;
        private int maxStringBytes = DEFAULT_MAX_STRING_BYTES;

        private Builder() {
        }

        public Builder maxDecompressedBytes(long v) {
            this.maxDecompressedBytes = (int) positive("maxDecompressedBytes", v, HARD_MAX_BYTES);
            return this;
        }

        public Builder maxSamplesPerPayload(long v) {
            this.maxSamplesPerPayload = (int) positive("maxSamplesPerPayload", v, Integer.MAX_VALUE);
            return this;
        }

        public Builder maxLabelsPerSample(long v) {
            this.maxLabelsPerSample = (int) positive("maxLabelsPerSample", v, 1 << 20);
            return this;
        }

        public Builder maxStringBytes(long v) {
            this.maxStringBytes = (int) positive("maxStringBytes", v, HARD_MAX_BYTES);
            return this;
        }

        private static long positive(String name, long v, long max) {
            if (v <= 0 || v > max) {
                throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + v);
            }
            return v;
        }

        public DecodeLimits build() {
            return new DecodeLimits(this);
        }
    }
}
