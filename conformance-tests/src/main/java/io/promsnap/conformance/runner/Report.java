package io.promsnap.conformance.runner;

import java.util.List;
import java.util.Map;

/** The runner's table, failure list and JSON document. */
public final class Report {
    private Report() {
    }

    /**
     * One row per decoder: passed, failed cases by what they expected (OUTPUT = samples, or the error
     * category), and by what went wrong: PromsnapExceptions of the wrong kind and crashes.
     */
    public static String table(List<DecoderResult> results, int cases) {
        int w = "decoder".length();
        for (DecoderResult r : results) {
            w = Math.max(w, r.decoder().length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w + "s %6s %6s | %6s %11s %11s %6s %5s | %12s %12s %10s %7s%n";
        String head = String.format(fmt, "decoder", "cases", "passed", "OUTPUT", "COMPRESSION", "JSON_SYNTAX", "SCHEMA",
                "LIMIT", "wrong-output", "missed-error", "wrong-kind", "crashes");
        int bar1 = head.indexOf('|');
        int bar2 = head.indexOf('|', bar1 + 1);
        String title = " ".repeat(bar1) + "| failed, by what the case expects";
        title = title + " ".repeat(Math.max(1, bar2 - title.length())) + "| failed, by what happened";
        sb.append(title).append('\n').append(head);
        sb.append("-".repeat(head.length() - 1)).append('\n');
        for (DecoderResult r : results) {
            if (!r.available()) {
                sb.append(String.format("%-" + w + "s unavailable here: %s%n", r.decoder(), r.unavailableReason()));
                continue;
            }
            Map<String, Long> f = r.failedByExpectation();
            sb.append(String.format(fmt, r.decoder(), cases, r.passed(), f.get("OUTPUT"), f.get("COMPRESSION"),
                    f.get("JSON_SYNTAX"), f.get("SCHEMA"), f.get("LIMIT"), r.count(CaseResult.Outcome.WRONG_OUTPUT),
                    r.count(CaseResult.Outcome.MISSED_ERROR), r.count(CaseResult.Outcome.WRONG_KIND),
                    r.count(CaseResult.Outcome.CRASH)));
        }
        return sb.toString();
    }

    /** Every failing case of every decoder, expected against actual; at most {@code max} per decoder. */
    public static String failures(List<DecoderResult> results, int max) {
        StringBuilder sb = new StringBuilder();
        for (DecoderResult r : results) {
            List<CaseResult> fs = r.failures();
            if (fs.isEmpty()) {
                continue;
            }
            sb.append('\n').append(r.decoder()).append(": ").append(fs.size()).append(" failing case")
                    .append(fs.size() == 1 ? "" : "s").append('\n');
            for (int i = 0; i < fs.size() && i < max; i++) {
                CaseResult c = fs.get(i);
                sb.append("  ").append(c.caseName()).append(" [").append(c.outcome()).append("]\n")
                        .append("      expected: ").append(c.expected()).append('\n')
                        .append("      actual:   ").append(c.actual()).append('\n');
            }
            if (fs.size() > max) {
                sb.append("  ... and ").append(fs.size() - max).append(" more (see --json)\n");
            }
        }
        return sb.toString();
    }

    public static String json(String corpus, int cases, List<DecoderResult> results, List<String> loadErrors, boolean passed) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n  \"corpus\": ").append(str(corpus)).append(",\n  \"cases\": ").append(cases)
                .append(",\n  \"passed\": ").append(passed).append(",\n  \"loadErrors\": [");
        for (int i = 0; i < loadErrors.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(str(loadErrors.get(i)));
        }
        sb.append("],\n  \"decoders\": [");
        for (int i = 0; i < results.size(); i++) {
            DecoderResult r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(str(r.decoder()))
                    .append(", \"available\": ").append(r.available());
            if (!r.available()) {
                sb.append(", \"unavailableReason\": ").append(str(r.unavailableReason())).append('}');
                continue;
            }
            sb.append(", \"cases\": ").append(r.results().size()).append(", \"passed\": ").append(r.passed())
                    .append(", \"failedByExpectation\": {");
            boolean first = true;
            for (Map.Entry<String, Long> e : r.failedByExpectation().entrySet()) {
                sb.append(first ? "" : ", ").append(str(e.getKey())).append(": ").append(e.getValue());
                first = false;
            }
            sb.append("}, \"wrongOutput\": ").append(r.count(CaseResult.Outcome.WRONG_OUTPUT))
                    .append(", \"missedError\": ").append(r.count(CaseResult.Outcome.MISSED_ERROR))
                    .append(", \"wrongKind\": ").append(r.count(CaseResult.Outcome.WRONG_KIND))
                    .append(", \"crashes\": ").append(r.count(CaseResult.Outcome.CRASH)).append(", \"failures\": [");
            List<CaseResult> fs = r.failures();
            for (int k = 0; k < fs.size(); k++) {
                CaseResult c = fs.get(k);
                sb.append(k == 0 ? "\n" : ",\n").append("      {\"case\": ").append(str(c.caseName()))
                        .append(", \"expects\": ").append(str(c.expectation())).append(", \"outcome\": ")
                        .append(str(c.outcome().name())).append(", \"expected\": ").append(str(c.expected()))
                        .append(", \"actual\": ").append(str(c.actual())).append('}');
            }
            sb.append(fs.isEmpty() ? "]}" : "\n    ]}");
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        io.promsnap.jsonl.JsonLines.string(sb, s);
        return sb.toString();
    }
}
