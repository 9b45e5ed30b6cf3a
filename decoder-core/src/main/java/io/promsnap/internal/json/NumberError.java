package io.promsnap.internal.json;

/**
 * Which rule of the number grammar a malformed number breaks (see {@link JsonLex#numberEnd}), with the two
 * wordings the stages report it in: the scanner's, and the Jackson-like one of the {@code dsl-json}
 * stage, whose messages follow the parser whose error order it mirrors.
 */
public enum NumberError {
    /** The input ends inside the number. */
    TRUNCATED("unexpected end of input", "unexpected end of input in a number"),
    NO_DIGIT_AFTER_MINUS("malformed number: no digit after '-'", "no digit after '-' in a number"),
    LEADING_ZERO("malformed number: leading zero", "leading zeroes are not allowed in a number"),
    NO_DIGIT_AFTER_POINT("malformed number: no digit after the decimal point", "decimal point not followed by a digit"),
    NO_DIGIT_IN_EXPONENT("malformed number: no digit in the exponent", "exponent indicator not followed by a digit");

    private final String plain;
    private final String jacksonStyle;

    NumberError(String plain, String jacksonStyle) {
        this.plain = plain;
        this.jacksonStyle = jacksonStyle;
    }

    /** The scanner's wording. */
    public String plain() {
        return plain;
    }

    /** The dsl-json stage's wording, after Jackson's. */
    public String jacksonStyle() {
        return jacksonStyle;
    }

    /**
     * The rule broken by the number at {@code start} that {@link JsonLex#numberEnd} refused at {@code at}
     * (its result {@code ~at}): read off the byte before the offending one.
     */
    public static NumberError of(byte[] b, int start, int at, int end) {
        if (at >= end) {
            return TRUNCATED;
        }
        if (at == start + 1 && b[start] == '-') {
            return NO_DIGIT_AFTER_MINUS;
        }
        int before = b[at - 1];
        if (before == '.') {
            return NO_DIGIT_AFTER_POINT;
        }
        if (before == '0') {
            return LEADING_ZERO; // a digit after a leading 0 (a 0 inside a fraction or exponent never fails)
        }
        return NO_DIGIT_IN_EXPONENT; // after 'e', 'E', '+' or '-'
    }
}
