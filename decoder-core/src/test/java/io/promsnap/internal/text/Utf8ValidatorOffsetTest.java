package io.promsnap.internal.text;

import io.promsnap.PromsnapException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The word-at-a-time loop jumps straight to the first byte that is not plain ASCII: every such byte, at
 * every position of a word and after ASCII bytes of every kind (including 0x20..0x22, which sit right
 * above the control range the borrow trick tests), must be found at its own offset, with nothing earlier
 * or later reported instead, and tab/LF/CR must be reported as present.
 */
class Utf8ValidatorOffsetTest {

    @Test
    void theFirstOffendingByteIsReportedAtItsOwnOffsetWhereverItSits() {
        int[] bad = {0x00, 0x01, 0x08, 0x0B, 0x1F, 0x7F + 1, 0xBF, 0xC0, 0xFF};
        byte[] fillers = {' ', '!', '"', 'a', 0x7E, '\\'};
        for (byte filler : fillers) {
            for (int len = 1; len <= 40; len++) {
                for (int at = 0; at < len; at++) {
                    for (int c : bad) {
                        byte[] b = new byte[len + 3];
                        Arrays.fill(b, filler);
                        b[1 + at] = (byte) c;
                        if (at + 1 < len) {
                            b[2 + at] = 0x01; // a second offender right behind must not be reported instead
                        }
                        int n = len;
                        PromsnapException e = catchThrowableOfType(PromsnapException.class,
                                () -> Utf8Validator.validate(b, 1, n));
                        assertThat(e).as("filler %02x len %d at %d byte %02x", filler, len, at, c).isNotNull();
                        assertThat(e.offset()).as("filler %02x len %d at %d byte %02x", filler, len, at, c)
                                .isEqualTo(at);
                    }
                }
            }
        }
    }

    @Test
    void validMultiByteAndControlsAnywhereInAWordPass() {
        byte[] seq = {(byte) 0xE8, (byte) 0x8A, (byte) 0x82};
        for (int len = 3; len <= 40; len++) {
            for (int at = 0; at + 3 <= len; at++) {
                byte[] b = new byte[len];
                Arrays.fill(b, (byte) 'x');
                System.arraycopy(seq, 0, b, at, 3);
                assertThat(Utf8Validator.validateDetectingControls(b, 0, len)).isFalse();
                if (at == 0 && len == 3) {
                    continue; // no room for a control byte beside the sequence
                }
                for (byte ctl : new byte[] {'\t', '\n', '\r'}) {
                    byte[] c = b.clone();
                    c[at == 0 ? len - 1 : 0] = ctl;
                    assertThat(Utf8Validator.validateDetectingControls(c, 0, len)).isTrue();
                }
            }
        }
    }
}
