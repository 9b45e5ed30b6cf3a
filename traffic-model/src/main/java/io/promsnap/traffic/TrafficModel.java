package io.promsnap.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Generates Prometheus samples the way a managed Prometheus scrapes a Kubernetes cluster plus cloud
 * monitor metrics: kube-state-metrics, cAdvisor {@code container_*}, the apiserver, node-exporter,
 * JVM (Micrometer) and Go application metrics, and Alibaba Cloud {@code AliyunEcs_*} metrics. Counters
 * rise and occasionally reset, gauges walk, histograms have cumulative {@code le} buckets ending in
 * {@code +Inf} (= {@code _count}) plus {@code _sum}/{@code _count}, summaries have quantiles.
 *
 * <p>Time is model time: scrape {@code k} happens at {@code startMillis + k × interval} (each target with
 * a fixed offset), whatever the wall clock does, so a seed reproduces the same samples. Samples come out
 * target by target, scrape by scrape. Pods are replaced every {@code churnSeconds} (staggered, so the
 * replacement rate is steady): the new pod has a new name, uid, IP and container id, hence new series
 * whose counters start from zero.
 *
 * <p>The delivery task's filters decide which series reach the sink; the state of filtered series still
 * evolves, so the included samples are exactly those of an unfiltered run with the filter applied.
 * Not thread-safe; pure Java.
 */
public final class TrafficModel {
    final ModelConfig config;
    final Rng rng;
    final double intervalSeconds;
    private final Catalog catalog;
    private final List<Catalog.Entity> entities = new ArrayList<>();
    private final List<Catalog.Pod> pods = new ArrayList<>();

    private long scrapeIndex;
    private int entityIdx;
    private int groupIdx;
    private long samplesGenerated;
    private long samplesEmitted;
    private long podsReplaced;
    private int activeSeries;

    public TrafficModel(ModelConfig config) {
        this.config = config;
        this.rng = new Rng(config.effectiveSeed());
        this.intervalSeconds = config.scrapeIntervalMillis() / 1000.0;
        this.catalog = new Catalog(this);
        build();
    }

    /** Builds cluster units (a node, its pods, cloud instances; an apiserver now and then) until enough series exist. */
    private void build() {
        int target = config.series();
        int total = 0;
        for (int unit = 0; total < target; unit++) {
            List<Catalog.Entity> unitEntities = catalog.unit(unit);
            int unitSeries = 0;
            for (Catalog.Entity e : unitEntities) {
                unitSeries += e.seriesCount();
            }
            if (total + unitSeries <= target) {
                total += unitSeries;
            } else {
                // the last unit: take groups round-robin across its targets, so a small model still
                // has a mix of every family rather than one target's worth
                int[] take = new int[unitEntities.size()];
                boolean progress = true;
                for (int g = 0; total < target && progress; g++) {
                    progress = false;
                    for (int i = 0; i < unitEntities.size() && total < target; i++) {
                        Catalog.Entity e = unitEntities.get(i);
                        if (g < e.groups.length) {
                            total += e.groups[g].size();
                            take[i] = g + 1;
                            progress = true;
                        }
                    }
                }
                for (int i = 0; i < take.length; i++) {
                    unitEntities.get(i).limit(take[i]);
                }
                unitEntities.removeIf(e -> e.groups.length == 0);
            }
            entities.addAll(unitEntities);
        }
        for (Catalog.Entity e : entities) {
            if (e instanceof Catalog.Pod p) {
                pods.add(p);
            }
        }
        // stagger pod ages so that replacements are spread evenly over the churn period
        long churnMs = config.churnSeconds() * 1000L;
        for (int i = 0; i < pods.size(); i++) {
            pods.get(i).bornAt = config.startMillis() - churnMs * i / Math.max(1, pods.size());
        }
        activeSeries = total;
    }

    /**
     * Emits the samples of the next group (one counter/gauge series, or one whole histogram or summary)
     * and advances. Returns how many samples reached the sink (0 when filtered out).
     */
    public int step(SampleSink sink) {
        if (entityIdx == 0 && groupIdx == 0) {
            beginScrape();
        }
        Catalog.Entity e = entities.get(entityIdx);
        long before = samplesEmitted;
        e.groups[groupIdx].scrape(this, scrapeStartMillis() + e.offsetMs, sink);
        if (++groupIdx == e.groups.length) {
            groupIdx = 0;
            if (++entityIdx == entities.size()) {
                entityIdx = 0;
                scrapeIndex++;
            }
        }
        return (int) (samplesEmitted - before);
    }

    /** Emits the rest of the current scrape (a whole scrape when called at a scrape boundary); returns samples emitted. */
    public long scrape(SampleSink sink) {
        long before = samplesEmitted;
        long idx = scrapeIndex;
        do {
            step(sink);
        } while (scrapeIndex == idx);
        return samplesEmitted - before;
    }

    private void beginScrape() {
        if (config.churnSeconds() <= 0) {
            return;
        }
        long now = scrapeStartMillis();
        long churnMs = config.churnSeconds() * 1000L;
        for (Catalog.Pod p : pods) {
            while (now >= p.bornAt + churnMs) {
                p.bornAt += churnMs;
                catalog.replace(p);
                podsReplaced++;
            }
        }
    }

    /** Model time of the scrape in progress (or the next one). */
    public long scrapeStartMillis() {
        return config.startMillis() + scrapeIndex * config.scrapeIntervalMillis();
    }

    /** Scrapes completed so far. */
    public long scrapesCompleted() {
        return scrapeIndex;
    }

    /** Samples produced, including those the filters dropped. */
    public long samplesGenerated() {
        return samplesGenerated;
    }

    /** Samples that reached a sink. */
    public long samplesEmitted() {
        return samplesEmitted;
    }

    public long podsReplaced() {
        return podsReplaced;
    }

    public int podCount() {
        return pods.size();
    }

    /** Active series (filtered or not), i.e. the cardinality. */
    public int activeSeriesCount() {
        return activeSeries;
    }

    /** Every active series in emission order. Allocates. */
    public List<Series> activeSeries() {
        List<Series> out = new ArrayList<>(activeSeries);
        for (Catalog.Entity e : entities) {
            for (Group g : e.groups) {
                out.addAll(Arrays.asList(g.series));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public ModelConfig config() {
        return config;
    }

    // ---- used by groups ----

    /** A counter or gauge sample, possibly replaced by NaN (any) or ±Inf (gauges only). */
    void emitScalar(Series s, double v, long ts, SampleSink sink, boolean gauge) {
        double u = rng.uniform();
        double nan = config.nanShare();
        if (u < nan) {
            v = Double.NaN;
        } else if (gauge && u < nan + config.infShare()) {
            v = u < nan + config.infShare() / 2 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        emitExact(s, v, ts, sink);
    }

    void emitExact(Series s, double v, long ts, SampleSink sink) {
        samplesGenerated++;
        if (s.included()) {
            samplesEmitted++;
            sink.accept(s, v, ts);
        }
    }

    /**
     * Makes a series: natural labels (flat key/value pairs), padded to {@code labelsPerSeries}, sorted,
     * filtered, then the delivery task's extra labels applied.
     */
    Series series(String name, MetricType type, String[] base, String... more) {
        int n = (base.length + more.length) / 2;
        List<String[]> labels = new ArrayList<>(Math.max(n, config.labelsPerSeries()) + config.extraLabels().size());
        for (int i = 0; i < base.length; i += 2) {
            labels.add(new String[] {base[i], base[i + 1]});
        }
        for (int i = 0; i < more.length; i += 2) {
            labels.add(new String[] {more[i], more[i + 1]});
        }
        if (labels.size() < config.labelsPerSeries()) {
            catalog.pad(labels, config.labelsPerSeries());
        }
        labels.sort((a, b) -> a[0].compareTo(b[0]));
        String[] keys = new String[labels.size()];
        String[] values = new String[labels.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = labels.get(i)[0];
            values[i] = labels.get(i)[1];
        }
        boolean included = true;
        for (LabelFilter f : config.filters()) {
            if (!f.test(name, keys, values)) {
                included = false;
                break;
            }
        }
        if (!config.extraLabels().isEmpty()) {
            for (Map.Entry<String, String> x : config.extraLabels().entrySet()) {
                boolean replaced = false;
                for (String[] kv : labels) {
                    if (kv[0].equals(x.getKey())) {
                        kv[1] = x.getValue();
                        replaced = true;
                    }
                }
                if (!replaced) {
                    labels.add(new String[] {x.getKey(), x.getValue()});
                }
            }
            labels.sort((a, b) -> a[0].compareTo(b[0]));
            keys = new String[labels.size()];
            values = new String[labels.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = labels.get(i)[0];
                values[i] = labels.get(i)[1];
            }
        }
        return new Series(name, keys, values, type, included);
    }
}
