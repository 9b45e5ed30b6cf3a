package io.promsnap.internal.json;

import io.promsnap.PromsnapException;

import java.util.Arrays;

/**
 * Skips JSON with full syntax validation, without recursion: what a stage does with the rest of an
 * element (or one member value) after a schema error under the skip policy, so that a malformed payload
 * still fails however much of it is dropped. Nesting is a bit stack (a bit per level, 1 = object), so
 * depth costs memory, never stack frames.
 *
 * <p>The structure (containers, members, commas) is walked here; the stage says how a string and a
 * scalar token are validated and words the errors, so that skipping reports exactly what its own parser
 * would. Positions are absolute indexes into the JSON buffer. One instance per stage; not thread-safe.
 */
public abstract class ValidatingSkipper {
    private long[] kinds = new long[4];

    /** Validates the string whose opening quote is at {@code quote}; returns the position after its closing quote. */
    protected abstract int afterString(byte[] b, int quote, int end);

    /**
     * Validates the key string whose opening quote is at {@code quote}; returns the position after its
     * closing quote. A problem the stage reports only once the member's value token is lexed is thrown by
     * {@link #keyChecked}. By default a key is checked as any string.
     */
    protected int afterKey(byte[] b, int quote, int end) {
        return afterString(b, quote, end);
    }

    /** After a member's key, its colon and its value's first token (a scalar token lexed whole); by default nothing. */
    protected void keyChecked() {
    }

    /**
     * Validates the literal or number token at {@code i} (any other byte there, closing brackets included,
     * is the stage's syntax error); returns its end.
     */
    protected abstract int afterScalar(byte[] b, int i, int end);

    protected abstract PromsnapException truncated(int end);

    /** {@code found} at {@code at} where a key's opening quote must be. */
    protected abstract PromsnapException expectedKey(int at, int found);

    /** {@code found} at {@code at} where a key's colon must be. */
    protected abstract PromsnapException expectedColon(int at, int found);

    /** {@code found} at {@code at} after a value, where ',' or {@code close} must be. */
    protected abstract PromsnapException expectedCommaOr(int at, char close, int found);

    /**
     * Skips the value starting at {@code i} (after whitespace, if any); returns the position after it.
     */
    public final int skipValue(byte[] b, int i, int end) {
        return skip(b, i, end, 0, true);
    }

    /**
     * Skips the rest of an object: {@code i} is at the start of a member value ({@code atValue}) or just
     * after one. Returns the position after the object's '}'.
     */
    public final int skipRestOfObject(byte[] b, int i, int end, boolean atValue) {
        setKind(0, true);
        return skip(b, i, end, 1, atValue);
    }

    private int skip(byte[] b, int i, int end, int depth, boolean needValue) {
        while (true) {
            i = JsonLex.skipWhitespace(b, i, end);
            if (i >= end) {
                throw truncated(end);
            }
            int c = b[i];
            if (needValue) {
                if (c == '{' || c == '[') {
                    keyChecked();
                    boolean obj = c == '{';
                    setKind(depth++, obj);
                    i = JsonLex.skipWhitespace(b, i + 1, end);
                    if (i >= end) {
                        throw truncated(end);
                    }
                    if (b[i] == (obj ? '}' : ']')) {
                        i++;
                        if (--depth == 0) {
                            return i;
                        }
                        needValue = false;
                    } else if (obj) {
                        i = member(b, i, end);
                    }
                    continue;
                } else if (c == '"') {
                    keyChecked();
                    i = afterString(b, i, end);
                } else {
                    i = afterScalar(b, i, end);
                    keyChecked();
                }
                if (depth == 0) {
                    return i;
                }
                needValue = false;
            } else {
                boolean obj = isObject(depth - 1);
                if (c == ',') {
                    i++;
                    if (obj) {
                        i = JsonLex.skipWhitespace(b, i, end);
                        if (i >= end) {
                            throw truncated(end);
                        }
                        i = member(b, i, end);
                    }
                    needValue = true;
                } else if (c == (obj ? '}' : ']')) {
                    i++;
                    if (--depth == 0) {
                        return i;
                    }
                } else {
                    throw expectedCommaOr(i, obj ? '}' : ']', c);
                }
            }
        }
    }

    /** A key and its colon; {@code i} at a non-whitespace byte. Returns the position after the colon. */
    private int member(byte[] b, int i, int end) {
        if (b[i] != '"') {
            throw expectedKey(i, b[i]);
        }
        i = JsonLex.skipWhitespace(b, afterKey(b, i, end), end);
        if (i >= end) {
            throw truncated(end);
        }
        if (b[i] != ':') {
            throw expectedColon(i, b[i]);
        }
        return i + 1;
    }

    private void setKind(int level, boolean object) {
        int w = level >>> 6;
        if (w >= kinds.length) {
            kinds = Arrays.copyOf(kinds, Math.max(w + 1, kinds.length * 2));
        }
        if (object) {
            kinds[w] |= 1L << level;
        } else {
            kinds[w] &= ~(1L << level);
        }
    }

    private boolean isObject(int level) {
        return (kinds[level >>> 6] & (1L << level)) != 0;
    }
}
