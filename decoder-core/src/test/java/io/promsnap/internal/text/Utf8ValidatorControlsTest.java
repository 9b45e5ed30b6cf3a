package io.promsnap.internal.text;

import io.promsnap.PromsnapException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Utf8Validator#validateDetectingControls}: the flag that lets a stage skip control-byte tests. */
class Utf8ValidatorControlsTest {
    private static boolean detect(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Utf8Validator.validateDetectingControls(b, 0, b.length);
    }

    @Test
    void compactInputHasNoControls() {
        assertThat(detect("[{\"__name__\":\"up\",\"a\":\"节点 😀\",\"value\":\"1\",\"timestamp\":\"2\"}]")).isFalse();
        assertThat(detect("")).isFalse();
    }

    @Test
    void everyAllowedControlIsReportedAtAnyPosition() {
        String base = "[{\"__name__\":\"up\",\"a\":\"节点\",\"value\":\"1\",\"timestamp\":\"2\"}]";
        for (char c : new char[] {'\t', '\n', '\r'}) {
            for (int at = 0; at <= base.length(); at++) {
                String s = base.substring(0, at) + c + base.substring(at);
                assertThat(detect(s)).as("control 0x%02x at %d", (int) c, at).isTrue();
            }
        }
    }

    @Test
    void otherControlsAreStillRejected() {
        byte[] b = "[{\"a\":\"x\u0001\"}]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Utf8Validator.validateDetectingControls(b, 0, b.length))
                .isInstanceOf(PromsnapException.class);
    }

    @Test
    void onlyTheGivenRangeCounts() {
        byte[] b = "\n[1]\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Validator.validateDetectingControls(b, 1, 3)).isFalse();
        assertThat(Utf8Validator.validateDetectingControls(b, 0, 4)).isTrue();
    }
}
