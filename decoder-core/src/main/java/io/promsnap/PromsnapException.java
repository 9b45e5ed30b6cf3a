package io.promsnap;

/**
 * The one exception type for bad input. Every malformed payload ends in this exception, whatever the
 * decoder; any other throwable escaping a decoder is a bug. Caller mistakes (null arguments, bad
 * offsets into the caller's own array) are {@link IllegalArgumentException}s instead.
 *
 * <p>The position is a byte offset into one of two buffers, named by {@link #region()}: the compressed
 * input as the caller passed it (offset 0 = the first byte of the payload, not of the caller's array), or
 * the decompressed JSON. The sample index is the 0-based index of the array element being read, or -1
 * when the error lies outside any element.
 */
public final class PromsnapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which buffer {@link #offset()} points into. */
    public enum Region {
        /** The payload as given to the decoder (before decompression). */
        COMPRESSED("compressed input"),
        /** The decompressed JSON text. */
        JSON("decompressed JSON"),
        /** No position applies (e.g. a limit on the whole payload). */
        NONE("payload");

        private final String label;

        Region(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final ErrorCategory category;
    private final Region region;
    private final long offset;
    private final long sampleIndex;
    private final String reason;

    public PromsnapException(ErrorCategory category, Region region, long offset, long sampleIndex, String reason) {
        this(category, region, offset, sampleIndex, reason, null);
    }

    public PromsnapException(ErrorCategory category, Region region, long offset, long sampleIndex, String reason,
                             Throwable cause) {
        super(format(category, region, offset, sampleIndex, reason), cause);
        this.category = category;
        this.region = region;
        this.offset = offset;
        this.sampleIndex = sampleIndex;
        this.reason = reason;
    }

    public static PromsnapException compression(long offset, String reason) {
        return new PromsnapException(ErrorCategory.COMPRESSION, Region.COMPRESSED, offset, -1, reason);
    }

    public static PromsnapException syntax(long offset, long sampleIndex, String reason) {
        return new PromsnapException(ErrorCategory.JSON_SYNTAX, Region.JSON, offset, sampleIndex, reason);
    }

    public static PromsnapException schema(long offset, long sampleIndex, String reason) {
        return new PromsnapException(ErrorCategory.SCHEMA, Region.JSON, offset, sampleIndex, reason);
    }

    public static PromsnapException limit(Region region, long offset, long sampleIndex, String reason) {
        return new PromsnapException(ErrorCategory.LIMIT, region, offset, sampleIndex, reason);
    }

    private static String format(ErrorCategory category, Region region, long offset, long sampleIndex,
                                 String reason) {
        StringBuilder sb = new StringBuilder(reason.length() + 64);
        sb.append(reason);
        if (offset >= 0) {
            sb.append(" at byte ").append(offset).append(" of ").append(region.label());
        }
        if (sampleIndex >= 0) {
            sb.append(" (sample ").append(sampleIndex).append(')');
        }
        sb.append(" [").append(category).append(']');
        return sb.toString();
    }

    public ErrorCategory category() {
        return category;
    }

    public Region region() {
        return region;
    }

    /** Byte offset into {@link #region()}, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /** 0-based index of the sample being read, or -1 outside any sample. */
    public long sampleIndex() {
        return sampleIndex;
    }

    /** The message without position and category, e.g. {@code "label value is not a string"}. */
    public String reason() {
        return reason;
    }
}
