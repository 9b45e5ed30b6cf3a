package io.promsnap.internal.text;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UTF-8 pass's vector fast path against a byte-by-byte search, run whichever path this JVM uses (the
 * test JVM has the incubator module: decoder-core's surefire argLine). The whole validator runs with the
 * vectors forced on in the vector test execution, where the validator tests repeat.
 */
class VectorUtf8Test {

    @Test
    void stopsExactlyAtTheFirstByteThatIsNotPrintableAsciiOrInTheTail() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n = 0; n < 5_000; n++) {
            byte[] b = new byte[1 + r.nextInt(400)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (0x20 + r.nextInt(0x5F));
            }
            int odd = r.nextInt(4); // zero to three odd bytes anywhere
            for (int k = 0; k < odd; k++) {
                b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? r.nextInt(0x20) : 0x80 + r.nextInt(0x80));
            }
            int from = r.nextInt(b.length);
            int expected = from;
            while (expected < b.length && b[expected] >= 0x20) {
                expected++;
            }
            int got = VectorUtf8.skipPlain(b, from, b.length);
            assertThat(got).isBetween(from, expected);
            if (got < expected) {
                assertThat(b.length - got).as("stops short only in the tail").isLessThan(64 + 1);
            }
        }
        assertThat(VectorUtf8.agreesWithScalar()).isTrue();
    }

    @Test
    void whereVectorsAreForcedTheValidatorUsesThem() {
        if (Boolean.getBoolean("promsnap.vector")) {
            assertThat(Utf8Validator.usesVectors()).as(VectorSupport.description()).isTrue();
        } else if (Runtime.version().feature() < 21) {
            assertThat(Utf8Validator.usesVectors()).isFalse();
        }
    }
}
