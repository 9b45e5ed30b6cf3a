package io.promsnap;

/** What kind of bad input a {@link PromsnapException} reports. */
public enum ErrorCategory {
    /** The container or Snappy block is truncated, corrupt or inconsistent (offset in the compressed input). */
    COMPRESSION,
    /** The decompressed bytes are not valid JSON or not valid UTF-8 (offset in the decompressed JSON). */
    JSON_SYNTAX,
    /** Valid JSON that is not a batch of samples: wrong shape, missing, duplicated or mistyped keys. */
    SCHEMA,
    /** A {@link DecodeLimits} bound was exceeded; checked before anything of that size is allocated. */
    LIMIT
}
