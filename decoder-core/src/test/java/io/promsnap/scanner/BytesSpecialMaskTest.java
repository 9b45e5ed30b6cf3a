package io.promsnap.scanner;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanner's 64-byte masks must flag exactly the special bytes, each one, wherever it sits. */
class BytesSpecialMaskTest {

    private static long reference(byte[] b, int at, boolean ctl) {
        long m = 0;
        for (int k = 0; k < 64; k++) {
            int c = b[at + k];
            if (c == '"' || c == '\\' || (ctl && c >= 0 && c < 0x20)) {
                m |= 1L << k;
            }
        }
        return m;
    }

    @Test
    void everyByteValueAtEveryPositionNextToEveryOther() {
        byte[] b = new byte[64];
        for (int v = 0; v < 256; v++) {
            for (int w = 0; w < 256; w += 5) {
                for (int k = 0; k < 63; k += 7) {
                    java.util.Arrays.fill(b, (byte) 'a');
                    b[k] = (byte) v;
                    b[k + 1] = (byte) w; // a neighbour must not change the verdict (no borrow between bytes)
                    assertThat(Bytes.specialMask(b, 0, true)).isEqualTo(reference(b, 0, true));
                    assertThat(Bytes.specialMask(b, 0, false)).isEqualTo(reference(b, 0, false));
                }
            }
        }
    }

    @Test
    void randomBlocksDenseInSpecials() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] alphabet = {'"', '\\', 0, 9, 10, 13, 0x1f, 0x20, 0x21, (byte) 0xa2, (byte) 0xdc, (byte) 0xff, (byte) 0x80, 'a'};
        byte[] b = new byte[80];
        for (int n = 0; n < 20_000; n++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            int at = r.nextInt(17);
            assertThat(Bytes.specialMask(b, at, true)).isEqualTo(reference(b, at, true));
            assertThat(Bytes.specialMask(b, at, false)).isEqualTo(reference(b, at, false));
        }
    }

    @Test
    void bothImplementationsAgreeWithTheReferenceWhicheverIsInUse() {
        // the test JVM has the incubator module (decoder-core's surefire argLine), so VectorBytes can run
        // here even where VectorSupport would not choose it
        SplittableRandom r = new SplittableRandom(7);
        byte[] b = new byte[200];
        for (int n = 0; n < 3_000; n++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            int at = r.nextInt(b.length - 63);
            for (boolean ctl : new boolean[] {false, true}) {
                long expected = reference(b, at, ctl);
                assertThat(Bytes.swarSpecialMask(b, at, ctl)).isEqualTo(expected);
                assertThat(VectorBytes.specialMask(b, at, ctl)).isEqualTo(expected);
                assertThat(Bytes.blockMask(b, at, at + 64, ctl)).isEqualTo(expected);
            }
        }
        String search = ScannerJsonStage.specialByteSearch();
        assertThat(Bytes.VECTOR).isEqualTo(search.contains("vectors (jdk"));
        if (Boolean.getBoolean("promsnap.vector")) {
            // the vector test execution forces vectors: they must then really be in use
            assertThat(Bytes.VECTOR).as(search).isTrue();
        } else if (Runtime.version().feature() < 21) {
            assertThat(Bytes.VECTOR).as(search).isFalse(); // never chosen on Java 17 by itself
        }
    }
}
