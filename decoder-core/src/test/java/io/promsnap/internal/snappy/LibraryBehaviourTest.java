package io.promsnap.internal.snappy;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the pinned library versions (snappy-java 1.1.10.5, aircompressor 2.0.3) do with blocks the spec
 * rejects. The adapters rely on these facts (the checker runs only when a library fails); a version bump
 * that changes one fails here first.
 */
class LibraryBehaviourTest {

    private static final byte[] OFFSET_0 = Blocks.declaring(8).literal("abcd").raw(0x01, 0x00).bytes();
    private static final byte[] BEFORE_START = Blocks.declaring(8).literal("abcd").raw(0x01, 0x05).bytes();
    private static final byte[] DECLARED_LONGER = Blocks.declaring(9).literal("abcd").copy1(4, 4).bytes();
    private static final byte[] DECLARED_SHORTER = Blocks.declaring(7).literal("abcd").copy1(4, 4).bytes();

    @Test
    void aircompressorRejectsWhatTheSpecRejects() {
        for (byte[] b : new byte[][] {OFFSET_0, BEFORE_START, DECLARED_LONGER, DECLARED_SHORTER}) {
            int declared = b[0];
            assertThatThrownBy(() -> new SnappyDecompressor().decompress(b, 0, b.length, new byte[declared], 0, declared))
                    .isInstanceOf(MalformedInputException.class);
        }
    }

    @Test
    void aircompressorOffsetIsAfterTheBadElementCountedFromTheFirstElement() {
        // copy tag at block index 6, its offset byte at 7: aircompressor reports 7 = (6 + 2) - 1-byte preamble,
        // neither the tag's index (6) nor an Unsafe address
        MalformedInputException e = air(OFFSET_0, 8);
        assertThat(e.getOffset()).isEqualTo(7);
        // a 2-byte preamble moves the elements but not the number
        byte[] twoBytePreamble = Blocks.declaring(200).literal("abcd").raw(0x01, 0x00).bytes();
        assertThat(air(twoBytePreamble, 200).getOffset()).isEqualTo(7);
        // a literal past the input: reported right after its tag (element 0, so 1)
        assertThat(air(new byte[] {8, 0x1c, 'a', 'b', 'c', 'd'}, 8).getOffset()).isEqualTo(1);
        // length mismatch: 0, no position at all
        assertThat(air(DECLARED_LONGER, 9).getOffset()).isZero();
        // the same block at index 100 of a larger array: still relative, not an array index
        byte[] shifted = Blocks.concat(new byte[100], OFFSET_0);
        MalformedInputException s = assertMalformed(() ->
                new SnappyDecompressor().decompress(shifted, 100, OFFSET_0.length, new byte[8], 0, 8));
        assertThat(s.getOffset()).isEqualTo(7);
    }

    private static MalformedInputException air(byte[] b, int declared) {
        return assertMalformed(() -> new SnappyDecompressor().decompress(b, 0, b.length, new byte[declared], 0, declared));
    }

    private static MalformedInputException assertMalformed(Runnable r) {
        try {
            r.run();
        } catch (MalformedInputException e) {
            return e;
        }
        throw new AssertionError("aircompressor accepted a bad block");
    }

    @Test
    void snappyJavaRejectsWhatTheSpecRejectsButSaysOnlyFailedToUncompress() {
        assumeTrue(SnappyJavaBlockDecompressor.availability().available(), "snappy-java native library");
        for (byte[] b : new byte[][] {OFFSET_0, BEFORE_START, DECLARED_LONGER, DECLARED_SHORTER}) {
            assertThatThrownBy(() -> Snappy.uncompress(b, 0, b.length, new byte[16], 0))
                    .isInstanceOf(IOException.class)
                    .hasMessage("FAILED_TO_UNCOMPRESS(5)");
        }
    }
}
