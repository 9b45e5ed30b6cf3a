package io.promsnap.traffic;

import io.promsnap.jsonl.JsonLines;

/** JSON string escaping for the few strings the model writes (names, labels). */
final class Json {
    private Json() {
    }

    /**
     * Appends {@code s} as a JSON string with decoder-core's escaping ({@link JsonLines#string}: {@code "},
     * {@code \} and control characters escaped, everything else raw). A lone surrogate cannot be written
     * as valid UTF-8 or a valid escape, so a producer must not send one: it is rejected here.
     */
    static void appendString(StringBuilder sb, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("lone surrogate at index " + i + " in " + s);
            }
        }
        JsonLines.string(sb, s);
    }
}
