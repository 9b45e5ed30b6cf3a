package io.promsnap.conformance.corpus;

import io.promsnap.ContainerFormat;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;

import java.util.Objects;

/**
 * One corpus case: a payload, how to decode it (container format and error policy; default limits
 * always), and what a correct decoder reports: either exactly these canonical JSON Lines (and, under
 * {@code skip}, this many skipped samples) or a {@code PromsnapException} of this category.
 *
 * @param expectedLines canonical JSON Lines, each ending in {@code \n}; {@code null} when an error is expected
 * @param expectedError the error category; {@code null} when samples are expected
 * @param reason        one line: why the payload is rejected (or, for accepted payloads, what it exercises)
 * @param expectedSkipped samples dropped under {@link ErrorPolicy#SKIP}, or -1 when not checked
 */
public record CorpusCase(String name, ContainerFormat format, ErrorPolicy policy, String description, byte[] payload,
                         String expectedLines, ErrorCategory expectedError, String reason, long expectedSkipped) {
    public CorpusCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(payload, "payload");
        if ((expectedLines == null) == (expectedError == null)) {
            throw new IllegalArgumentException(name + ": exactly one of expected lines and expected error");
        }
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("case names are lowercase kebab-case: " + name);
        }
        if (description.contains("\t") || description.contains("\n") || (reason != null && reason.contains("\n"))) {
            throw new IllegalArgumentException(name + ": descriptions and reasons are one line");
        }
    }

    public boolean expectsError() {
        return expectedError != null;
    }

    /** What the case expects, for tables: {@code OUTPUT} or the error category. */
    public String expectation() {
        return expectsError() ? expectedError.name() : "OUTPUT";
    }

    /** The number of expected samples (lines). */
    public int expectedSampleCount() {
        if (expectedLines == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < expectedLines.length(); i++) {
            if (expectedLines.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
