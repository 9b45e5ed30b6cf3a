package io.promsnap.conformance.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoder's results over a corpus; {@code unavailableReason} is non-null when it could not run here. */
public record DecoderResult(String decoder, String unavailableReason, List<CaseResult> results) {
    /** The expectation columns of the table, in order. */
    public static final List<String> EXPECTATIONS = List.of("OUTPUT", "COMPRESSION", "JSON_SYNTAX", "SCHEMA", "LIMIT");

    public DecoderResult {
        results = List.copyOf(results);
    }

    public boolean available() {
        return unavailableReason == null;
    }

    public long passed() {
        return results.stream().filter(CaseResult::passed).count();
    }

    public List<CaseResult> failures() {
        List<CaseResult> out = new ArrayList<>();
        for (CaseResult r : results) {
            if (!r.passed()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Failed cases by what the case expected (OUTPUT or an error category). */
    public Map<String, Long> failedByExpectation() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String e : EXPECTATIONS) {
            m.put(e, 0L);
        }
        for (CaseResult r : failures()) {
            m.merge(r.expectation(), 1L, Long::sum);
        }
        return m;
    }

    public long count(CaseResult.Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    public boolean allPassed() {
        return available() && passed() == results.size();
    }
}
