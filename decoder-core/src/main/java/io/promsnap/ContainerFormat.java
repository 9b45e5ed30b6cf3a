package io.promsnap;

/** How the Snappy-compressed payload is framed. Uncompressed JSON is never guessed. */
public enum ContainerFormat {
    /** A raw Snappy block (varint length, then elements): what {@code Snappy.uncompress(byte[])} reads. Default. */
    RAW,
    /** The Snappy framing format (stream identifier chunk {@code ff 06 00 00 sNaPpY}, CRC32C-checked chunks). */
    FRAMED,
    /** snappy-java's {@code SnappyOutputStream} format (header {@code 82 SNAPPY 00}, then length-prefixed blocks). */
    XERIAL,
    /** {@link #FRAMED} or {@link #XERIAL} when their magic bytes are present, otherwise {@link #RAW}. */
    AUTO
}
