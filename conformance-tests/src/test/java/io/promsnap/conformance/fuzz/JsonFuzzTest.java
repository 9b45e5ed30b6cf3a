package io.promsnap.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: FuzzTargets#json. In a normal build it runs the regression inputs in
 * src/test/resources/io/promsnap/conformance/fuzz/JsonFuzzTestInputs/json/; with JAZZER_FUZZ=1 it fuzzes
 * for maxDuration (conformance-tests/README.md has the commands, and the one for long runs).
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void json(byte[] data) {
        FuzzTargets.json(data);
    }

    /** Entry point for Jazzer's command line (long runs). */
    public static void fuzzerTestOneInput(byte[] data) {
        FuzzTargets.json(data);
    }
}
