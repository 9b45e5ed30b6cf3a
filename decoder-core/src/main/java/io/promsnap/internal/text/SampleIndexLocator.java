package io.promsnap.internal.text;

/**
 * Finds which top-level array element contains a byte position, for error messages raised outside the
 * JSON stage (UTF-8 validation). Runs only on the error path; a linear pass with a depth counter, no
 * recursion.
 */
public final class SampleIndexLocator {
    private SampleIndexLocator() {
    }

    /**
     * The 0-based index of the top-level element that {@code pos} is in (or, between elements, of the
     * next one), or -1 when {@code pos} is before the first element or the top level is not an array.
     */
    public static long indexAt(byte[] b, int off, int len, int pos) {
        int end = Math.min(off + len, pos);
        int depth = 0;
        boolean inString = false;
        boolean topIsArray = false;
        long index = -1;
        boolean expectElement = false;
        for (int i = off; i < end; i++) {
            int c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (depth == 1 && expectElement && c != ']') {
                index++;
                expectElement = false;
            }
            switch (c) {
                case '"' -> inString = true;
                case '[', '{' -> {
                    if (depth == 0) {
                        topIsArray = c == '[';
                        expectElement = true;
                    }
                    depth++;
                }
                case ']', '}' -> depth--;
                case ',' -> {
                    if (depth == 1) {
                        expectElement = true;
                    }
                }
                default -> {
                }
            }
        }
        return topIsArray ? index : -1;
    }
}
