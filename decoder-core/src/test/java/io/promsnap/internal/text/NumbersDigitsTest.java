package io.promsnap.internal.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Numbers#tryParseDigits}: the SWAR digit parser against a plain loop, at every offset and length. */
class NumbersDigitsTest {

    @Test
    void everyLengthAtEveryPositionOfTheArrayMatchesTheLoop() {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            int size = 1 + r.nextInt(40);
            byte[] b = new byte[size];
            for (int k = 0; k < size; k++) {
                // mostly digits, some bytes a digit check must refuse: around '0'..'9', high bytes, quotes
                int p = r.nextInt(20);
                b[k] = (byte) (p < 16 ? '0' + r.nextInt(10)
                        : p == 16 ? '/' : p == 17 ? ':' : p == 18 ? 0x80 + r.nextInt(128) : '"');
            }
            for (int off = 0; off < size; off++) {
                for (int len = 0; off + len <= size; len++) {
                    assertThat(Numbers.tryParseDigits(b, off, len))
                            .as("%s at %d, length %d", new String(b, StandardCharsets.ISO_8859_1), off, len)
                            .isEqualTo(loop(b, off, len));
                }
            }
        }
    }

    @Test
    void largestAndTypicalValues() {
        byte[] b = "\"timestamp\":\"9999999999999999\",\"1698732988354\",\"0000000000000001\"".getBytes(
                StandardCharsets.US_ASCII);
        assertThat(Numbers.tryParseDigits(b, 13, 16)).isEqualTo(9_999_999_999_999_999L);
        assertThat(Numbers.tryParseDigits(b, 32, 13)).isEqualTo(1_698_732_988_354L);
        assertThat(Numbers.tryParseDigits(b, 48, 16)).isEqualTo(1L);
        assertThat(Numbers.tryParseDigits(b, 13, 17)).isEqualTo(-1); // 17 bytes: not this parser's case
    }

    private static long loop(byte[] b, int off, int len) {
        if (len < 1 || len > 16) {
            return -1;
        }
        long t = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            t = t * 10 + (b[i] - '0');
        }
        return t;
    }

    @Test
    void shortValueStringsParseAsDoubleParseDoubleDoes() {
        Random r = new Random(11);
        String alphabet = "0123456789012345678901234567890123456789....-+eEaNI \"";
        for (int n = 0; n < 200_000; n++) {
            int len = 1 + r.nextInt(10);
            int off = r.nextInt(12);
            byte[] b = new byte[off + len + r.nextInt(3)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            double actual = Numbers.tryParseValueString(b, off, len);
            String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
            double expected = expected(text);
            if (Double.isNaN(expected)) {
                assertThat(actual).as("'%s' at %d", text, off).isNaN();
            } else {
                assertThat(Double.doubleToRawLongBits(actual)).as("'%s' at %d", text, off)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
    }

    /**
     * What tryParseValueString promises, stated independently: an optional '-', at least one digit, an
     * optional '.' with digits, at most 15 digits in all, parsed exactly as {@link Double#parseDouble}
     * does; NaN (not its case: the full parser decides) for anything else.
     */
    private static double expected(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?(\\d+)(?:\\.(\\d*))?").matcher(text);
        if (!m.matches() || m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length()) > 15) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }
}
