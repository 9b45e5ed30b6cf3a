package io.promsnap.internal.text;

import io.promsnap.PromsnapException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator accepts exactly what the JDK's strict UTF-8 decoder accepts (which, like the validator,
 * rejects overlong forms, surrogates and code points above U+10FFFF), minus raw control characters other
 * than tab, LF and CR. Random mixes of valid sequences, near-misses around every boundary and stray bytes.
 */
class Utf8ValidatorDifferentialTest {
    private static final int[][] PIECES = {
            {'a'}, {'"'}, {'\t'}, {0x01}, {0x7F},
            {0xC2, 0x80}, {0xDF, 0xBF}, {0xC1, 0xBF}, {0xC0, 0x80}, {0xC3}, {0xC3, 0x41}, {0xC3, 0xC3},
            {0xE0, 0xA0, 0x80}, {0xE0, 0x9F, 0xBF}, {0xE8, 0x8A, 0x82}, {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF}, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}, {0xE8, 0x8A}, {0xE8, 0x41, 0x82},
            {0xE8, 0x8A, 0x41},
            {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF0, 0x9F, 0x98, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF},
            {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF7, 0xBF, 0xBF, 0xBF}, {0xF8, 0x88, 0x80, 0x80},
            {0xFF}, {0x80}, {0xBF}, {0xF0, 0x9F, 0x98}, {0xF0, 0x9F, 0x41, 0x80}, {0xF0, 0x9F, 0x98, 0x41},
    };

    @Test
    void agreesWithTheJdkStrictDecoder() {
        Random r = new Random(7);
        for (int t = 0; t < 200_000; t++) {
            int n = 1 + r.nextInt(12);
            ByteBuffer buf = ByteBuffer.allocate(64);
            for (int k = 0; k < n; k++) {
                // mostly valid pieces so that long valid runs and errors late in the input both occur
                int[] p = PIECES[r.nextInt(4) == 0 ? r.nextInt(PIECES.length) : validPiece(r)];
                for (int x : p) {
                    buf.put((byte) x);
                }
            }
            byte[] b = new byte[buf.position()];
            buf.flip().get(b);
            boolean expected = reference(b);
            boolean actual;
            try {
                Utf8Validator.validate(b, 0, b.length);
                actual = true;
            } catch (PromsnapException e) {
                actual = false;
            }
            assertThat(actual).as("bytes %s", java.util.HexFormat.of().formatHex(b)).isEqualTo(expected);
        }
    }

    private static int validPiece(Random r) {
        int[] valid = {0, 1, 2, 5, 6, 12, 14, 15, 18, 19, 23, 25, 26};
        return valid[r.nextInt(valid.length)];
    }

    private static boolean reference(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
        } catch (CharacterCodingException e) {
            return false;
        }
        for (byte x : b) {
            if (x >= 0 && x < 0x20 && x != '\t' && x != '\n' && x != '\r') {
                return false;
            }
        }
        return true;
    }
}
