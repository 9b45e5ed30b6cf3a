package io.promsnap.scanner;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path consumes the special-byte mask bit by bit and reads escaped strings byte-wise in the
 * middle of an element; when it then gives up, the general path must re-read the element from its '{'
 * with a fresh mask. Elements that escape and then give up (duplicate key, a number as label value, an
 * escaped timestamp, whitespace, a raw control byte), with backslash runs of every length up to 9, are
 * shifted by every offset across several 64-byte mask blocks and compared with the Jackson reference.
 */
class ScannerFastPathFallbackTest {

    private static List<String> elements() {
        List<String> out = new ArrayList<>();
        out.add("{\"__name__\":\"m\",\"k\":\"v\\\"x\",\"k2\":\"w\",\"value\":\"1\",\"timestamp\":\"2\"}");
        out.add("{\"__name__\":\"m\",\"k\":\"v\\\"x\",\"k\":\"dup\",\"value\":\"1\",\"timestamp\":\"2\"}");
        out.add("{\"__name__\":\"m\",\"k\":\"v\\\\\",\"n\":5,\"value\":\"1\",\"timestamp\":\"2\"}");
        out.add("{\"__name__\":\"m\",\"k\\\"q\":\"v\\\\\\\\\", \"value\":\"1\",\"timestamp\":\"2\"}");
        out.add("{\"__name__\":\"m\\u0041\",\"value\":1.5,\"timestamp\":1698732988354,\"k\":\"\\\"\\\"\\\"\\\"\"}");
        out.add("{\"__name__\":\"m\",\"k\":\"a\\\\\\\\\\\"b\",\"timestamp\":\"12\\u0033\",\"value\":\"1\"}");
        out.add("{\"value\":\"NaN\",\"timestamp\":\"1\",\"__name__\":\"x\\/y\",\"k\":\"a\\tb\"}");
        out.add("{\"value\":\"1\",\"timestamp\":\"1\",\"__name__\":\"x\\/y\",\"k\":\"a\tb\"}"); // raw tab: syntax
        out.add("{\"__name__\":\"m\",\"k\":\"x\\\"\",\"value\":\"x\",\"timestamp\":\"2\"}"); // value not a number
        out.add("{\"__name__\":\"m\",\"k\":\"x\\\"\",\"value\":\"1\",\"timestamp\":\"2\",\"__name__\":\"n\"}");
        for (int run = 1; run <= 9; run++) {
            String bs = "\\".repeat(run);
            // odd runs escape the quote after them (the string goes on), even runs do not (it ends)
            String v = run % 2 == 1 ? "x" + bs + "\"y" : "x" + bs;
            out.add("{\"__name__\":\"m\",\"k" + run + "\":\"" + v + "\",\"value\":\"1\",\"timestamp\":\"2\"}");
            out.add("{\"__name__\":\"" + v + "\",\"k\":\"" + v + "\",\"k\":\"d\",\"value\":\"1\",\"timestamp\":\"2\"}");
            out.add("{\"" + v + "\":\"" + v + "\",\"__name__\":\"m\",\"value\":\"" + bs.repeat(2) + "\",\"timestamp\":\"2\"}");
        }
        return out;
    }

    @Test
    void elementsThatEscapeThenGiveUpAgreeWithTheReferenceAtEveryAlignment() {
        int valid = 0;
        int compared = 0;
        for (String el : elements()) {
            for (int pad = 0; pad < 140; pad++) {
                String json = "[{\"__name__\":\"" + "p".repeat(pad) + "\",\"value\":\"1\",\"timestamp\":\"1\"}," + el
                        + ",{\"__name__\":\"after\",\"a\":\"b\\\"\",\"value\":\"2\",\"timestamp\":\"3\"}," + el + "]";
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                for (boolean skip : new boolean[] {false, true}) {
                    ScannerDifferentialTest.Outcome ref = ScannerDifferentialTest.reference(b, skip);
                    ScannerDifferentialTest.Outcome got = ScannerDifferentialTest.scanner(b, skip);
                    String what = (skip ? "skip: " : "fail: ") + json + "\nref=" + ref + "\ngot=" + got;
                    assertThat(got.category()).as(what).isEqualTo(ref.category());
                    if (ref.category() == null) {
                        assertThat(got.samples).as(what).containsExactlyElementsOf(ref.samples);
                        assertThat(got.skipped).as(what).isEqualTo(ref.skipped);
                        valid += got.skipped == 0 ? 1 : 0;
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(elements().size() * 140 * 2);
        assertThat(valid).isGreaterThan(elements().size() * 140 / 2); // most elements are valid samples
    }
}
