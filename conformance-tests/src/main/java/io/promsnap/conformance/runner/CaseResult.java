package io.promsnap.conformance.runner;

/**
 * What one decoder did with one corpus case.
 *
 * @param expectation {@code OUTPUT} or the expected error category
 * @param expected    what was expected, one line
 * @param actual      what happened, one line (empty when passed)
 */
public record CaseResult(String caseName, String expectation, Outcome outcome, String expected, String actual) {

    /** How a case ended. */
    public enum Outcome {
        PASSED,
        /** Samples were expected and different samples (or skip counts) came out. */
        WRONG_OUTPUT,
        /** An error was expected and the payload decoded. */
        MISSED_ERROR,
        /** A {@code PromsnapException} of another category than expected, or one where samples were expected. */
        WRONG_KIND,
        /** Anything thrown that is not a {@code PromsnapException}, or no answer within the time limit. */
        CRASH
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
