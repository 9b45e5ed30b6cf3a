package io.promsnap.internal.json;

import io.promsnap.PromsnapException;

/**
 * The errors every JSON stage reports in the same words: where the JSON is cut short, the shape of the
 * document, and the sample schema. Offsets are relative to the start of the JSON text; {@code index} is
 * the element's index, -1 outside the array. Syntax errors particular to one stage's lexer keep that
 * stage's wording and position (a stage's messages are part of what it reports; see {@link NumberError}).
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    public static PromsnapException truncated(long at, long index) {
        return PromsnapException.syntax(at, index, "unexpected end of input");
    }

    public static PromsnapException topLevelNotArray(long at) {
        return PromsnapException.schema(at, -1, "top level is not an array");
    }

    public static PromsnapException elementNotObject(long at, long index) {
        return PromsnapException.schema(at, index, "element is not an object");
    }

    /** {@code key}: the key's UTF-8, {@code len} bytes at {@code off}; {@code at}: its opening quote. */
    public static PromsnapException duplicateKey(long at, long index, byte[] key, int off, int len) {
        return PromsnapException.schema(at, index, "duplicate key \"" + JsonLex.excerpt(key, off, len) + "\"");
    }

    public static PromsnapException duplicateKey(long at, long index, String key) {
        return PromsnapException.schema(at, index, "duplicate key \"" + JsonLex.excerpt(key) + "\"");
    }

    /** {@code at}: the value. */
    public static PromsnapException nameNotString(long at, long index) {
        return PromsnapException.schema(at, index, "__name__ is not a string");
    }

    /** {@code at}: the value. */
    public static PromsnapException labelNotString(long at, long index) {
        return PromsnapException.schema(at, index, "label value is not a string");
    }

    /**
     * The first required key a sample lacks ({@code "__name__"}, {@code "value"}, {@code "timestamp"}, in
     * that order), or {@code null} when it has all three.
     */
    public static String missingKey(boolean hasName, boolean hasValue, boolean hasTimestamp) {
        return !hasName ? "__name__" : !hasValue ? "value" : !hasTimestamp ? "timestamp" : null;
    }

    /** {@code at}: the sample's closing brace. */
    public static PromsnapException missing(long at, long index, String key) {
        return PromsnapException.schema(at, index, "missing " + key);
    }
}
