package io.promsnap.loadgen;

import java.util.Locale;

/**
 * What a generate run did, like kafka-producer-perf-test's final line. Latencies are in milliseconds,
 * measured from each batch's intended send time (so a stalled sender shows up as latency instead of
 * being hidden: no coordinated omission) to its acknowledgement.
 *
 * @param samples          samples handed to the output (attempted)
 * @param batches          batches (messages) handed to the output
 * @param acknowledged     batches acknowledged without error
 * @param acknowledgedSamples samples in the acknowledged batches
 * @param errors           batches that failed (with an error, or given up without an answer): batches =
 *                         acknowledged + errors, samples = acknowledgedSamples + the failed ones
 * @param rawBytes         uncompressed JSON bytes
 * @param compressedBytes  message value bytes
 * @param elapsedSeconds   wall time from the first sample to the last acknowledgement
 * @param targetRate       requested samples/s, 0 = unlimited
 * @param minRate10s       lowest samples/s over any 10 s window, or -1 when the run was shorter
 * @param rateWarning      the achieved rate fell more than 5% below the target
 * @param firstError       the first send error, or null
 * @param stoppedBecause   why the run stopped before its end (a deadline, no acknowledgement), or null
 */
public record GenerateSummary(long samples, long batches, long acknowledged, long acknowledgedSamples, long errors, long rawBytes,
                              long compressedBytes, double elapsedSeconds, double targetRate, double minRate10s,
                              double latencyAvgMs, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
                              double latencyP999Ms, double latencyMaxMs, boolean rateWarning, String output,
                              long seed, String firstError, String stoppedBecause) {

    /** Every attempted sample acknowledged, no error, no early stop. */
    public boolean succeeded() {
        return errors == 0 && acknowledgedSamples == samples && acknowledged == batches && stoppedBecause == null;
    }

    public double samplesPerSecond() {
        return elapsedSeconds > 0 ? samples / elapsedSeconds : 0;
    }

    public double rawMBPerSecond() {
        return elapsedSeconds > 0 ? rawBytes / 1e6 / elapsedSeconds : 0;
    }

    public double compressedMBPerSecond() {
        return elapsedSeconds > 0 ? compressedBytes / 1e6 / elapsedSeconds : 0;
    }

    /** One line in kafka-producer-perf-test's style, plus the byte totals. */
    public String toHuman() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "%d samples sent in %d batches, %d samples acknowledged in %d batches, %.1f samples/sec (%.2f MB/sec compressed, %.2f MB/sec raw), "
                        + "%.2f ms avg latency, %.2f ms max latency, %.2f ms 50th, %.2f ms 95th, %.2f ms 99th, "
                        + "%.2f ms 99.9th, %d errors.%n",
                samples, batches, acknowledgedSamples, acknowledged, samplesPerSecond(), compressedMBPerSecond(), rawMBPerSecond(), latencyAvgMs,
                latencyMaxMs, latencyP50Ms, latencyP95Ms, latencyP99Ms, latencyP999Ms, errors));
        sb.append(String.format(Locale.ROOT, "bytes: %d raw JSON, %d compressed (ratio %.2f), %.1f B/sample raw, "
                        + "%.1f B/sample compressed; %.2f s; output %s; seed %d%n",
                rawBytes, compressedBytes, compressedBytes > 0 ? (double) rawBytes / compressedBytes : 0,
                samples > 0 ? (double) rawBytes / samples : 0, samples > 0 ? (double) compressedBytes / samples : 0,
                elapsedSeconds, output, seed));
        if (targetRate > 0) {
            sb.append(String.format(Locale.ROOT, "target rate %.1f samples/s, achieved %.1f%s%n", targetRate,
                    samplesPerSecond(), minRate10s >= 0 ? String.format(Locale.ROOT, ", lowest 10 s window %.1f", minRate10s) : ""));
        }
        if (samples != acknowledgedSamples) {
            sb.append(String.format(Locale.ROOT, "NOT ACKNOWLEDGED: %d of %d samples (%d of %d batches)%n",
                    samples - acknowledgedSamples, samples, batches - acknowledged, batches));
        }
        if (stoppedBecause != null) {
            sb.append("stopped early: ").append(stoppedBecause).append(System.lineSeparator());
        }
        if (firstError != null) {
            sb.append("first error: ").append(firstError).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The summary as a JSON object (for CI). */
    public String toJson() {
        return toJson(null);
    }

    /**
     * The summary as a JSON object with, when {@code comparison} (a JSON object) is not null, a member
     * {@code "comparison"}: the generate and ProducerPerformance rows of
     * {@code --compare-producer-performance} and their ratios.
     */
    public String toJson(String comparison) {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "samples", samples);
        field(sb, "batches", batches);
        field(sb, "acknowledged", acknowledged);
        field(sb, "acknowledgedSamples", acknowledgedSamples);
        field(sb, "errors", errors);
        field(sb, "failedSamples", samples - acknowledgedSamples);
        field(sb, "rawBytes", rawBytes);
        field(sb, "compressedBytes", compressedBytes);
        field(sb, "elapsedSeconds", elapsedSeconds);
        field(sb, "samplesPerSecond", samplesPerSecond());
        field(sb, "rawMBPerSecond", rawMBPerSecond());
        field(sb, "compressedMBPerSecond", compressedMBPerSecond());
        field(sb, "targetRate", targetRate);
        field(sb, "minRate10s", minRate10s);
        field(sb, "latencyAvgMs", latencyAvgMs);
        field(sb, "latencyP50Ms", latencyP50Ms);
        field(sb, "latencyP95Ms", latencyP95Ms);
        field(sb, "latencyP99Ms", latencyP99Ms);
        field(sb, "latencyP999Ms", latencyP999Ms);
        field(sb, "latencyMaxMs", latencyMaxMs);
        sb.append("\"rateWarning\":").append(rateWarning).append(',');
        sb.append("\"output\":").append(quote(output)).append(',');
        field(sb, "seed", seed);
        sb.append("\"firstError\":").append(firstError == null ? "null" : quote(firstError)).append(',');
        sb.append("\"stoppedBecause\":").append(stoppedBecause == null ? "null" : quote(stoppedBecause));
        if (comparison != null) {
            sb.append(",\"comparison\":").append(comparison);
        }
        return sb.append("}").toString();
    }

    private static void field(StringBuilder sb, String name, long v) {
        sb.append('"').append(name).append("\":").append(v).append(',');
    }

    private static void field(StringBuilder sb, String name, double v) {
        sb.append('"').append(name).append("\":");
        sb.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null").append(',');
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        io.promsnap.jsonl.JsonLines.string(sb, s);
        return sb.toString();
    }
}
