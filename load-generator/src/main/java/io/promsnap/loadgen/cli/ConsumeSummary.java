package io.promsnap.loadgen.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;

/**
 * What a {@code consume} run did, in the terms of Kafka's {@code ConsumerPerformance} (its field names:
 * {@code data.consumed.in.MB}, {@code MB.sec}, {@code data.consumed.in.nMsg}, {@code nMsg.sec},
 * {@code rebalance.time.ms}, {@code fetch.time.ms}, {@code fetch.MB.sec}, {@code fetch.nMsg.sec}; MB are
 * MiB of keys and values, as that tool counts them) plus decoding (JSON MB, samples, decoded/rejected),
 * end-to-end latency and lag. Per thread and in total; the per-thread {@code MB.sec} and {@code nMsg.sec}
 * add up to the total because they share one elapsed time ({@code fetch.*} rates are over each thread's
 * own fetch time, so they do not).
 *
 * <p>Elapsed time runs from the start to the last message processed: the trailing wait of
 * {@code --idle-timeout} is reported apart ({@code idle.sec}) and not counted (ConsumerPerformance counts
 * its {@code --timeout} wait, which understates short runs).
 */
public final class ConsumeSummary {
    static final double MB = 1024.0 * 1024.0;
    /** Lag growth below this share of the produce rate still counts as keeping up (generate warns at 5% too). */
    static final double KEEP_UP_TOLERANCE = 0.05;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss:SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** One consumer thread's counts; rebalance time as ConsumerPerformance measures it (no partition assigned). */
    public record ThreadRow(int thread, long messages, long bytes, long jsonBytes, long samples, long decoded,
                            long rejected, long tombstones, long rebalanceMs) {
    }

    /** Whether the consumer kept up with a growing topic; {@code keptUp} is null when there is nothing to judge. */
    public record KeepUp(Boolean keptUp, String verdict, long maxLag, long lagAtEndOfProduction,
                         double lagGrowthPerSec, double producedPerSec, double windowSec) {
    }

    private final String topic;
    private final String group;
    private final String decoder;
    private final int threads;
    private final long startMillis;
    private final long endMillis;
    private final double elapsedSec;
    private final double idleSec;
    private final List<ThreadRow> rows;
    private final ThreadRow total;
    private final Histogram latency;
    private final Histogram age;
    private final long ahead;
    private final List<long[]> lag;
    private final KeepUp keepUp;
    private final int exitCode;
    /** Valid samples that --match did not select: validated and counted, not delivered (not in samples). */
    private final long unselected;

    ConsumeSummary(String topic, String group, String decoder, int threads, long startMillis, long endMillis,
                   double elapsedSec, double idleSec, List<ThreadRow> rows, long messages, long bytes, long jsonBytes,
                   long samples, long decoded, long rejected, long tombstones, long unselected, Histogram latency, Histogram age,
                   long ahead, List<long[]> lag, int exitCode) {
        this.topic = topic;
        this.group = group;
        this.decoder = decoder;
        this.threads = threads;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.elapsedSec = elapsedSec;
        this.idleSec = Math.max(0, idleSec);
        this.rows = List.copyOf(rows);
        this.unselected = unselected;
        // the group's rebalance time: the longest any member went without partitions
        long rebalance = 0;
        for (ThreadRow r : rows) {
            rebalance = Math.max(rebalance, r.rebalanceMs());
        }
        this.total = new ThreadRow(0, messages, bytes, jsonBytes, samples, decoded, rejected, tombstones, rebalance);
        this.latency = latency;
        this.age = age;
        this.ahead = ahead;
        this.lag = List.copyOf(lag);
        this.keepUp = keepUp(this.lag);
        this.exitCode = exitCode;
    }

    /**
     * Kept up = over the time the topic grew (messages seen = consumed + lag went up), the lag's trend
     * (least-squares slope, one point a second) added less than {@link #KEEP_UP_TOLERANCE} of what was
     * produced, or less than one second of production in a short window (the lag is sampled once a second,
     * so a second's worth is its resolution). A consumer that falls behind has lag growing at (produce rate
     * − consume rate); a bounded lag has no trend.
     *
     * @param all points {nanos since start, messages consumed, lag in messages, messages in the topic as seen
     *            (each thread's count plus its lag, taken together)}; a lag of -1 (unknown: no partition yet,
     *            a rebalance, not fetched yet) is left out
     */
    static KeepUp keepUp(List<long[]> all) {
        List<long[]> lag = new java.util.ArrayList<>(all.size());
        for (long[] p : all) {
            if (p[2] >= 0) {
                lag.add(p);
            }
        }
        long maxLag = 0;
        for (long[] p : lag) {
            maxLag = Math.max(maxLag, p[2]);
        }
        int first = -1;
        int last = -1;
        for (int i = 1; i < lag.size(); i++) {
            if (lag.get(i)[3] > lag.get(i - 1)[3]) {
                if (first < 0) {
                    first = i - 1;
                }
                last = i;
            }
        }
        if (first < 0) {
            return new KeepUp(null, "the topic did not grow while consuming (a backlog read): nothing to keep up with",
                    maxLag, lag.isEmpty() ? 0 : lag.get(lag.size() - 1)[2], 0, 0, 0);
        }
        double window = (lag.get(last)[0] - lag.get(first)[0]) / 1e9;
        double produced = lag.get(last)[3] - lag.get(first)[3];
        double rate = window > 0 ? produced / window : 0;
        int n = last - first + 1;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = first; i <= last; i++) {
            double x = lag.get(i)[0] / 1e9;
            double y = lag.get(i)[2];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denom = n * sxx - sx * sx;
        double slope = denom > 0 ? (n * sxy - sx * sy) / denom : 0;
        long lagAtEnd = lag.get(last)[2];
        if (n < 4) {
            return new KeepUp(null, String.format(Locale.ROOT, "the topic grew for only %.0f s while consuming: too "
                    + "short to judge", window), maxLag, lagAtEnd, slope, rate, window);
        }
        double allowed = Math.max(KEEP_UP_TOLERANCE * produced, rate * 1.0);
        boolean kept = slope * window <= allowed;
        String verdict = String.format(Locale.ROOT, "%s: over %.0f s of production (%.1f messages/s) the lag's trend %s "
                        + "%.2f messages/s, %.1f messages in all (kept up = under %.1f: %.0f%% of the %.0f produced, or "
                        + "one second of production if more)",
                kept ? "KEPT UP" : "FELL BEHIND", window, rate, slope >= 0 ? "grew" : "shrank", Math.abs(slope),
                slope * window, allowed, KEEP_UP_TOLERANCE * 100, produced);
        return new KeepUp(kept, verdict, maxLag, lagAtEnd, slope, rate, window);
    }

    public ThreadRow total() {
        return total;
    }

    public List<ThreadRow> threads() {
        return rows;
    }

    public KeepUp keepUp() {
        return keepUp;
    }

    public double elapsedSeconds() {
        return elapsedSec;
    }

    /** Per-sample latency from the record's timestamp (the producer's send, CreateTime) to its decoding, ms. */
    public Histogram recordLatency() {
        return latency;
    }

    /** Per-sample age at decoding: wall clock minus the sample's own timestamp, ms (needs generate --start-time now). */
    public Histogram sampleAge() {
        return age;
    }

    /** Samples whose timestamp was ahead of the clock at decoding (not in {@link #sampleAge()}). */
    public long samplesAhead() {
        return ahead;
    }

    private double rate(double v, double secs) {
        return secs > 0 ? v / secs : 0;
    }

    private String row(String label, ThreadRow r) {
        double fetchSec = Math.max(0, elapsedSec - r.rebalanceMs() / 1000.0);
        return String.format(Locale.ROOT, "%-6s %10d %10.1f %10.3f %8.3f %10.3f %8.3f %12d %12.1f %10d %10d %10.3f %10.1f %8d %8d %8d%n",
                label, r.messages(), rate(r.messages(), elapsedSec), r.bytes() / MB, rate(r.bytes() / MB, elapsedSec),
                r.jsonBytes() / MB, rate(r.jsonBytes() / MB, elapsedSec), r.samples(), rate(r.samples(), elapsedSec),
                r.rebalanceMs(), Math.round(fetchSec * 1000), rate(r.bytes() / MB, fetchSec), rate(r.messages(), fetchSec),
                r.decoded(), r.rejected(), r.tombstones());
    }

    private static String percentiles(Histogram h) {
        return String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms (%d samples)",
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                h.getTotalCount());
    }

    /** The human summary: a header line, the per-thread and total table, accounting, latency and lag. */
    public String toHuman() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "consumed %s as group %s with %s on %d thread%s, start.time %s, end.time %s%n",
                topic, group, decoder, threads, threads == 1 ? "" : "s", TIME.format(Instant.ofEpochMilli(startMillis)),
                TIME.format(Instant.ofEpochMilli(endMillis))));
        sb.append(String.format(Locale.ROOT, "%-6s %10s %10s %10s %8s %10s %8s %12s %12s %10s %10s %10s %10s %8s %8s %8s%n",
                "thread", "nMsg", "nMsg.sec", "MB", "MB.sec", "json.MB", "json.sec", "samples", "samples.sec",
                "rebal.ms", "fetch.ms", "fetch.MB.s", "fetch.nMsg", "decoded", "rejected", "tombst."));
        if (rows.size() > 1) {
            for (ThreadRow r : rows) {
                sb.append(row(Integer.toString(r.thread()), r));
            }
        }
        sb.append(row("total", total));
        sb.append(String.format(Locale.ROOT, "elapsed %.3f s to the last message%s; MB = MiB of keys and values (as "
                        + "ConsumerPerformance), json.MB = MiB of JSON after decompression; total rebalance = the longest "
                        + "any thread had no partition%n", elapsedSec,
                idleSec >= 0.05 ? String.format(Locale.ROOT, " (then %.1f s idle until the end, not counted)", idleSec) : ""));
        sb.append(String.format(Locale.ROOT, "messages %d = decoded %d + rejected %d + tombstones %d; samples %d%s%n",
                total.messages(), total.decoded(), total.rejected(), total.tombstones(), total.samples(),
                unselected > 0 ? " (and " + unselected + " valid samples not selected by --match)" : ""));
        if (latency.getTotalCount() > 0) {
            sb.append("end-to-end latency, record timestamp (producer send) to decoded, per sample: ")
                    .append(percentiles(latency)).append(System.lineSeparator());
        }
        if (age.getTotalCount() > 0 || ahead > 0) {
            sb.append("sample age at decoding (wall clock - the sample's own timestamp): ");
            if (age.getTotalCount() > 0 && age.getValueAtPercentile(50) > 3_600_000L) {
                sb.append(String.format(Locale.ROOT, "p50 %.1f days: the timestamps are not wall-clock times "
                        + "(generate --start-time now makes them so)", age.getValueAtPercentile(50) / 86_400_000.0));
            } else {
                sb.append(percentiles(age));
            }
            if (ahead > 0) {
                sb.append(String.format(Locale.ROOT, "; %d samples stamped in the future (model time ahead of the "
                        + "clock, see generate's note on --start-time now)", ahead));
            }
            sb.append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "lag (messages): max %d, at the end of production %d; %s%n",
                keepUp.maxLag(), keepUp.lagAtEndOfProduction(), keepUp.verdict()));
        return sb.toString();
    }

    /** The summary as one JSON object (for CI): Kafka's field names where it has them. */
    public String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("topic", topic);
            g.writeStringField("group", group);
            g.writeStringField("decoder", decoder);
            g.writeNumberField("threads", threads);
            g.writeNumberField("unselected.samples", unselected);
            g.writeStringField("start.time", Instant.ofEpochMilli(startMillis).toString());
            g.writeStringField("end.time", Instant.ofEpochMilli(endMillis).toString());
            g.writeNumberField("elapsed.sec", round(elapsedSec));
            g.writeNumberField("idle.sec", round(idleSec));
            fields(g, total);
            g.writeArrayFieldStart("per.thread");
            for (ThreadRow r : rows) {
                g.writeStartObject();
                g.writeNumberField("thread", r.thread());
                fields(g, r);
                g.writeEndObject();
            }
            g.writeEndArray();
            histogram(g, "latency.ms", latency);
            histogram(g, "sample.age.ms", age);
            g.writeNumberField("samples.stamped.in.future", ahead);
            g.writeObjectFieldStart("lag");
            g.writeNumberField("max", keepUp.maxLag());
            g.writeNumberField("at.end.of.production", keepUp.lagAtEndOfProduction());
            g.writeNumberField("growth.per.sec", round(keepUp.lagGrowthPerSec()));
            g.writeNumberField("produced.nMsg.sec", round(keepUp.producedPerSec()));
            g.writeNumberField("window.sec", round(keepUp.windowSec()));
            if (keepUp.keptUp() == null) {
                g.writeNullField("kept.up");
            } else {
                g.writeBooleanField("kept.up", keepUp.keptUp());
            }
            g.writeStringField("verdict", keepUp.verdict());
            g.writeArrayFieldStart("over.time"); // [seconds since start, messages consumed, lag, messages seen]
            for (long[] p : lag) {
                g.writeStartArray();
                g.writeNumber(round(p[0] / 1e9));
                g.writeNumber(p[1]);
                g.writeNumber(p[2]);
                g.writeNumber(p[3]);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("exit.code", exitCode);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private void fields(JsonGenerator g, ThreadRow r) throws IOException {
        double fetchSec = Math.max(0, elapsedSec - r.rebalanceMs() / 1000.0);
        g.writeNumberField("data.consumed.in.nMsg", r.messages());
        g.writeNumberField("nMsg.sec", round(rate(r.messages(), elapsedSec)));
        g.writeNumberField("data.consumed.in.MB", round(r.bytes() / MB));
        g.writeNumberField("MB.sec", round(rate(r.bytes() / MB, elapsedSec)));
        g.writeNumberField("json.MB", round(r.jsonBytes() / MB));
        g.writeNumberField("json.MB.sec", round(rate(r.jsonBytes() / MB, elapsedSec)));
        g.writeNumberField("samples", r.samples());
        g.writeNumberField("samples.sec", round(rate(r.samples(), elapsedSec)));
        g.writeNumberField("rebalance.time.ms", r.rebalanceMs());
        g.writeNumberField("fetch.time.ms", Math.round(fetchSec * 1000));
        g.writeNumberField("fetch.MB.sec", round(rate(r.bytes() / MB, fetchSec)));
        g.writeNumberField("fetch.nMsg.sec", round(rate(r.messages(), fetchSec)));
        g.writeNumberField("decoded", r.decoded());
        g.writeNumberField("rejected", r.rejected());
        g.writeNumberField("tombstones", r.tombstones());
    }

    private static void histogram(JsonGenerator g, String name, Histogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", h.getTotalCount());
        g.writeNumberField("p50", h.getValueAtPercentile(50));
        g.writeNumberField("p99", h.getValueAtPercentile(99));
        g.writeNumberField("p99.9", h.getValueAtPercentile(99.9));
        g.writeNumberField("max", h.getMaxValue());
        g.writeEndObject();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
    }
}
