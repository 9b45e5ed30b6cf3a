package io.promsnap.spi;

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
}
