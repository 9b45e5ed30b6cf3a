package io.promsnap.architecture;

import io.promsnap.DecodeReport;
import io.promsnap.PayloadDecoder;
import io.promsnap.SampleView;
import io.promsnap.Utf8View;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a visitor can call on the objects a decoder hands it: reads only. A mutator made public again (or a
 * public constructor) fails here, because a visitor could then corrupt the decoder or its report.
 */
class ReadOnlyViewsTest {

    static Set<String> publicMembers(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                out.add(m.getName() + Arrays.toString(m.getParameterTypes()).replace("class ", ""));
            }
        }
        if (Arrays.stream(c.getDeclaredConstructors()).anyMatch(k -> Modifier.isPublic(k.getModifiers()))) {
            out.add("<init>");
        }
        return out;
    }

    @Test
    void sampleViewHasOnlyReads() {
        assertThat(Modifier.isFinal(SampleView.class.getModifiers())).isTrue();
        assertThat(publicMembers(SampleView.class)).containsExactlyInAnyOrder(
                "index[]", "name[]", "labelCount[]", "labelKey[int]", "labelValue[int]",
                "label[java.lang.String]", "value[]", "timestampMillis[]", "sameLabelsAsPrevious[]", "toSample[]", "toString[]");
    }

    @Test
    void utf8ViewHasOnlyReads() {
        assertThat(publicMembers(Utf8View.class)).containsExactlyInAnyOrder(
                "array[]", "offset[]", "length[]", "isEmpty[]", "byteAt[int]", "copyTo[[B, int]",
                "writeTo[java.io.OutputStream]", "toByteArray[]", "toString[]", "contentEquals[io.promsnap.Utf8View]",
                "contentEquals[[B]", "contentEquals[java.lang.String]", "contentHash[]",
                "compareTo[io.promsnap.Utf8View]");
    }

    @Test
    void decodeReportHasOnlyReads() {
        assertThat(publicMembers(DecodeReport.class)).containsExactlyInAnyOrder(
                "compressedBytes[]", "jsonBytes[]", "samples[]", "unselectedCount[]", "skippedCount[]", "skipped[]",
                "toString[]");
    }

    @Test
    void payloadDecoderExposesNoNestedHelper() {
        assertThat(PayloadDecoder.class.getDeclaredClasses()).isEmpty();
    }
}
