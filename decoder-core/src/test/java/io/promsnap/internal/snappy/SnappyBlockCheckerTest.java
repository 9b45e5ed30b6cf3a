package io.promsnap.internal.snappy;

import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checker on its own: packed preamble, exact offsets with a report base, no allocation on valid input. */
class SnappyBlockCheckerTest {

    @Test
    void preambleIsPackedAsSizeAndValue() {
        long p = SnappyBlockChecker.readPreamble(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                0, 5, 0);
        assertThat(SnappyBlockChecker.preambleSize(p)).isEqualTo(5);
        assertThat(SnappyBlockChecker.preambleValue(p)).isEqualTo(0xFFFF_FFFFL);
        long q = SnappyBlockChecker.readPreamble(new byte[] {9, (byte) 0x80, 0x01}, 1, 2, 0);
        assertThat(SnappyBlockChecker.preambleSize(q)).isEqualTo(2);
        assertThat(SnappyBlockChecker.preambleValue(q)).isEqualTo(128);
    }

    @Test
    void offsetsAreRelativeToTheBlockPlusTheReportBase() {
        byte[] block = Blocks.declaring(8).literal("abcd").raw(0x01, 0x00).bytes();
        byte[] inside = Blocks.concat(new byte[50], block);
        PromsnapException e = assertThrows(PromsnapException.class,
                () -> SnappyBlockChecker.check(inside, 50, block.length, 1000));
        assertThat(e.offset()).isEqualTo(1006);
        assertThat(e.category()).isEqualTo(ErrorCategory.COMPRESSION);
        assertThat(e.reason()).isEqualTo("copy offset 0");
    }

    @Test
    void copyChecksRunInOrderTruncatedZeroBeforeStartTooLong() {
        // offset 9 is both before the start (4 produced) and the copy overflows the declared 6
        byte[] both = Blocks.declaring(6).literal("abcd").raw(0x01 | (7 << 2), 9).bytes();
        assertThat(assertThrows(PromsnapException.class, () -> SnappyBlockChecker.check(both, 0, both.length, 0))
                .reason()).contains("before the start");
        byte[] zeroAndLong = Blocks.declaring(6).literal("abcd").raw(0x01 | (7 << 2), 0).bytes();
        assertThat(assertThrows(PromsnapException.class,
                () -> SnappyBlockChecker.check(zeroAndLong, 0, zeroAndLong.length, 0)).reason()).isEqualTo("copy offset 0");
    }

    @Test
    void validBlocksAreCheckedWithoutAllocating() {
        Blocks b = SnappyTruncationAndFuzzTest.SMALL;
        byte[] block = b.withExactPreamble();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) { // warm up so the loop is compiled
            sum += SnappyBlockChecker.check(block, 0, block.length, 0);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            sum += SnappyBlockChecker.check(block, 0, block.length, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(sum).isEqualTo(30_000L * b.expected().length);
        // 10,000 checks; any per-call allocation would be at least 160 KB
        assertThat(allocated).isLessThan(16_000);
    }
}
