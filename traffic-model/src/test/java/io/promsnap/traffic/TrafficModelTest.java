package io.promsnap.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TrafficModelTest {

    private static ModelConfig.Builder base() {
        return ModelConfig.builder().series(3000).seed(42);
    }

    /** A histogram's identity: its base name and labels without le. */
    private static String histogramKey(Series s) {
        String n = s.name();
        String baseName = n.substring(0, n.lastIndexOf('_'));
        Map<String, String> l = new LinkedHashMap<>(s.labels());
        l.remove("le");
        return baseName + l;
    }

    @Test
    void everyFamilyKindAndTypeIsThere() {
        TrafficModel m = new TrafficModel(ModelConfig.builder().series(2000).build());
        Set<String> names = new HashSet<>();
        Set<MetricType> types = new HashSet<>();
        for (Series s : m.activeSeries()) {
            names.add(s.name());
            types.add(s.type());
        }
        assertThat(types).containsExactlyInAnyOrder(MetricType.values());
        assertThat(names).contains("kube_pod_info", "container_cpu_usage_seconds_total", "node_cpu_seconds_total",
                "apiserver_admission_controller_admission_duration_seconds_bucket", "jvm_memory_used_bytes",
                "go_gc_duration_seconds", "http_server_requests_seconds_bucket", "AliyunEcs_CPUUtilization");
        Series ecs = m.activeSeries().stream().filter(s -> s.name().equals("AliyunEcs_CPUUtilization")).findFirst().orElseThrow();
        assertThat(ecs.labels()).containsKeys("instanceId", "regionId", "userId");
    }

    @Test
    void cardinalityIsAtLeastTheRequestedSeriesAndCloseToIt() {
        for (int n : new int[] {1, 50, 777, 5000, 20_000}) {
            TrafficModel m = new TrafficModel(ModelConfig.builder().series(n).build());
            assertThat(m.activeSeriesCount()).isBetween(n, n + 30);
            assertThat(m.activeSeries()).hasSize(m.activeSeriesCount());
            assertThat(Recorded.scrapes(m, 1)).hasSize(m.activeSeriesCount());
        }
    }

    @Test
    void everySeriesIsUnique() {
        TrafficModel m = new TrafficModel(ModelConfig.builder().series(20_000).churnSeconds(60).build());
        Recorded.scrapes(m, 10);
        Set<String> seen = new HashSet<>();
        for (Series s : m.activeSeries()) {
            assertThat(seen.add(s.name() + s.labels())).as("duplicate %s", s).isTrue();
        }
    }

    @Test
    void instancesOfAScaleOutHaveDisjointSeriesEachItsOwnSeedStreamAndAddUp() {
        int n = 3;
        List<Set<String>> perInstance = new ArrayList<>();
        long total = 0;
        for (int i = 1; i <= n; i++) {
            ModelConfig c = ModelConfig.builder().series(3000).seed(7).churnSeconds(60).instance(i, n).build();
            TrafficModel m = new TrafficModel(c);
            List<Recorded> samples = Recorded.scrapes(m, 8); // 2 minutes of model time: two pod generations
            total += samples.size();
            Set<String> series = new HashSet<>();
            for (Recorded r : samples) {
                series.add(r.series().name() + r.series().labels());
                // the rule that keeps instances apart: an address of the instance's range, or its account
                String inst = r.series().label("instance");
                String user = r.series().label("userId");
                boolean ours = inst != null && inst.matches("\\d+\\.(168\\.)?" + (i - 1) + "\\..*")
                        || user != null && user.startsWith(String.format("1%03d", i - 1));
                assertThat(ours).as("instance %d/%d: %s", i, n, r.series()).isTrue();
            }
            for (Set<String> other : perInstance) {
                Set<String> both = new HashSet<>(series);
                both.retainAll(other);
                assertThat(both).as("series shared by two instances").isEmpty();
            }
            perInstance.add(series);
            assertThat(c.effectiveSeed()).isNotEqualTo(c.seed());
        }
        // each instance is a full model of its own: the union has n times one instance's samples
        assertThat(total).isEqualTo(n * (long) Recorded.scrapes(new TrafficModel(ModelConfig.builder().series(3000)
                .seed(7).churnSeconds(60).build()), 8).size());
        // one instance is the unpartitioned model, byte for byte
        assertThat(render(Recorded.scrapes(new TrafficModel(base().instance(1, 1).build()), 3)))
                .isEqualTo(render(Recorded.scrapes(new TrafficModel(base().build()), 3)));
        assertThatThrownBy(() -> base().instance(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base().instance(1, 3).extraLabel("instance", "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep the instances' series apart");
    }

    @Test
    void labelsArePaddedToTheRequestedCountAndSorted() {
        TrafficModel m = new TrafficModel(base().labelsPerSeries(25).build());
        for (Series s : m.activeSeries()) {
            assertThat(s.labelCount()).isGreaterThanOrEqualTo(25);
            for (int i = 1; i < s.labelCount(); i++) {
                assertThat(s.labelKey(i - 1).compareTo(s.labelKey(i))).isNegative();
            }
        }
    }

    @Test
    void histogramBucketsAreCumulativeAndInfEqualsCount() {
        List<Recorded> samples = Recorded.scrapes(new TrafficModel(base().counterResetShare(0).build()), 12);
        // per scrape and histogram: buckets in order, then _sum, then _count
        Map<String, List<Recorded>> buckets = new LinkedHashMap<>();
        Map<String, Double> count = new HashMap<>();
        Map<String, Double> lastCount = new HashMap<>();
        int histograms = 0;
        for (Recorded r : samples) {
            if (r.series().type() != MetricType.HISTOGRAM) {
                continue;
            }
            String key = histogramKey(r.series());
            if (r.series().name().endsWith("_bucket")) {
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            } else if (r.series().name().endsWith("_count")) {
                List<Recorded> b = buckets.remove(key);
                assertThat(b).as("buckets before _count of %s", key).isNotEmpty();
                double prevLe = Double.NEGATIVE_INFINITY;
                double prev = 0;
                for (Recorded x : b) {
                    String le = x.series().label("le");
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    assertThat(bound).isGreaterThan(prevLe);
                    assertThat(x.value()).as("cumulative %s le=%s", key, le).isGreaterThanOrEqualTo(prev);
                    assertThat(x.timestampMillis()).isEqualTo(r.timestampMillis());
                    prevLe = bound;
                    prev = x.value();
                }
                assertThat(b.get(b.size() - 1).series().label("le")).isEqualTo("+Inf");
                assertThat(b.get(b.size() - 1).value()).as("+Inf bucket of %s", key).isEqualTo(r.value());
                Double before = lastCount.put(key, r.value());
                if (before != null) {
                    assertThat(r.value()).isGreaterThanOrEqualTo(before);
                }
                count.put(key, r.value());
                histograms++;
            }
        }
        assertThat(buckets).isEmpty();
        assertThat(histograms).isGreaterThan(100);
        assertThat(count.values()).anyMatch(c -> c > 100);
    }

    @Test
    void summariesHaveOrderedQuantilesSumAndCount() {
        List<Recorded> samples = Recorded.scrapes(new TrafficModel(base().build()), 5);
        Map<String, Double> lastQuantile = new HashMap<>();
        int quantiles = 0;
        for (Recorded r : samples) {
            if (r.series().type() == MetricType.SUMMARY && r.series().label("quantile") != null) {
                String key = r.series().name() + r.series().label("pod") + r.timestampMillis();
                Double prev = lastQuantile.put(key, r.value());
                if (prev != null && !Double.isNaN(r.value())) {
                    assertThat(r.value()).isGreaterThanOrEqualTo(prev);
                }
                quantiles++;
            }
        }
        assertThat(quantiles).isGreaterThan(20);
    }

    @Test
    void countersNeverDecreaseWithoutResets() {
        List<Recorded> samples = Recorded.scrapes(new TrafficModel(base().counterResetShare(0).build()), 30);
        Map<Series, Double> last = new HashMap<>();
        int checked = 0;
        for (Recorded r : samples) {
            if (isMonotonic(r.series())) {
                Double prev = last.put(r.series(), r.value());
                if (prev != null) {
                    assertThat(r.value()).as("%s", r.series()).isGreaterThanOrEqualTo(prev);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void countersDecreaseOnlyAtResetsAtTheConfiguredRate() {
        double share = 0.01;
        TrafficModel m = new TrafficModel(base().counterResetShare(share).build());
        List<Recorded> samples = Recorded.scrapes(m, 40);
        Map<Series, Double> last = new HashMap<>();
        Map<Series, Double> maxIncrease = new HashMap<>();
        int pairs = 0;
        int decreases = 0;
        for (Recorded r : samples) {
            if (r.series().type() != MetricType.COUNTER) {
                continue;
            }
            Double prev = last.put(r.series(), r.value());
            if (prev == null) {
                continue;
            }
            pairs++;
            if (r.value() < prev) {
                decreases++;
                // a reset restarts from zero: what is left is one scrape's worth of increase at most
                double inc = maxIncrease.getOrDefault(r.series(), 0.0);
                assertThat(r.value()).isLessThanOrEqualTo(Math.max(inc * 3, 1e6));
            } else {
                maxIncrease.merge(r.series(), r.value() - prev, Math::max);
            }
        }
        double expected = pairs * share;
        assertThat((double) decreases).isBetween(expected * 0.6, expected * 1.4);
    }

    private static boolean isMonotonic(Series s) {
        return s.type() == MetricType.COUNTER
                || (s.type() == MetricType.HISTOGRAM || s.type() == MetricType.SUMMARY)
                && (s.name().endsWith("_count") || s.name().endsWith("_bucket") || s.name().endsWith("_sum"));
    }

    @Test
    void churnReplacesPodsAtTheConfiguredRate() {
        int churn = 60;
        int interval = 15_000;
        TrafficModel m = new TrafficModel(base().churnSeconds(churn).scrapeIntervalMillis(interval).build());
        int series = m.activeSeriesCount();
        int pods = m.podCount();
        assertThat(pods).isGreaterThan(10);
        int scrapes = 41; // 600 s of model time after the first scrape
        Set<String> podNames = new HashSet<>();
        for (int i = 0; i < scrapes; i++) {
            m.scrape((s, v, ts) -> {
                if (s.name().equals("kube_pod_info")) {
                    podNames.add(s.label("pod"));
                }
            });
            assertThat(m.activeSeriesCount()).isEqualTo(series);
        }
        double seconds = (scrapes - 1) * interval / 1000.0;
        double expected = pods * seconds / churn;
        assertThat((double) m.podsReplaced()).isBetween(expected * 0.9, expected * 1.1 + 1);
        // every replacement is a new pod with new series
        assertThat(podNames).hasSize(pods + (int) m.podsReplaced());
    }

    @Test
    void noChurnKeepsTheSameSeries() {
        TrafficModel m = new TrafficModel(base().build());
        List<Series> before = m.activeSeries();
        Recorded.scrapes(m, 10);
        assertThat(m.activeSeries()).containsExactlyElementsOf(before);
        assertThat(m.podsReplaced()).isZero();
    }

    @Test
    void timestampsFollowModelTime() {
        TrafficModel m = new TrafficModel(base().scrapeIntervalMillis(30_000).build());
        List<Recorded> first = Recorded.scrapes(m, 1);
        List<Recorded> second = Recorded.scrapes(m, 1);
        long start = ModelConfig.DEFAULT_START_MILLIS;
        assertThat(first).allSatisfy(r -> assertThat(r.timestampMillis()).isBetween(start, start + 10_000));
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).timestampMillis() - first.get(i).timestampMillis()).isEqualTo(30_000);
        }
    }

    @Test
    void nanAndInfSharesAreRespected() {
        List<Recorded> samples = Recorded.scrapes(new TrafficModel(base().nanShare(0.1).infShare(0.05).build()), 10);
        long scalar = samples.stream().filter(r -> r.series().type() == MetricType.GAUGE).count();
        long nan = samples.stream().filter(r -> r.series().type() == MetricType.GAUGE && Double.isNaN(r.value())).count();
        long inf = samples.stream().filter(r -> Double.isInfinite(r.value())).count();
        assertThat((double) nan / scalar).isBetween(0.08, 0.12);
        assertThat((double) inf / scalar).isBetween(0.035, 0.065);
        assertThat(samples).filteredOn(r -> Double.isInfinite(r.value()))
                .allSatisfy(r -> assertThat(r.series().type()).isEqualTo(MetricType.GAUGE));
    }

    @Test
    void sameSeedSameSamplesDifferentSeedDifferentSamples() {
        List<String> a = render(Recorded.scrapes(new TrafficModel(base().churnSeconds(30).build()), 5));
        List<String> b = render(Recorded.scrapes(new TrafficModel(base().churnSeconds(30).build()), 5));
        List<String> c = render(Recorded.scrapes(new TrafficModel(base().seed(43).churnSeconds(30).build()), 5));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static List<String> render(List<Recorded> samples) {
        List<String> out = new ArrayList<>(samples.size());
        for (Recorded r : samples) {
            out.add(r.series() + " " + Double.doubleToRawLongBits(r.value()) + " " + r.timestampMillis());
        }
        return out;
    }

    @Test
    void filtersAreAndedFullMatchesAndSeeTheName() {
        List<Recorded> all = Recorded.scrapes(new TrafficModel(base().build()), 3);

        // full match: node_load1 does not match node_load15
        List<Recorded> load1 = Recorded.scrapes(new TrafficModel(base().filter("__name__=node_load1").build()), 3);
        assertThat(load1).isNotEmpty().allSatisfy(r -> assertThat(r.series().name()).isEqualTo("node_load1"));
        List<Recorded> partial = Recorded.scrapes(new TrafficModel(base().filter("__name__=node_load").build()), 3);
        assertThat(partial).isEmpty();

        // alternation, as in the vendor's example, ANDed with a label condition
        List<Recorded> both = Recorded.scrapes(new TrafficModel(base()
                .filter("__name__=AliyunEcs_CPUUtilization|AliyunEcs_memory_usedutilization")
                .filter("instanceId=i-.*")
                .build()), 3);
        assertThat(both).isNotEmpty().allSatisfy(r -> {
            assertThat(r.series().name()).isIn("AliyunEcs_CPUUtilization", "AliyunEcs_memory_usedutilization");
            assertThat(r.series().label("instanceId")).startsWith("i-");
        });
        // the filtered run is exactly the unfiltered run with the predicate applied: same values
        assertThat(render(both)).isEqualTo(render(all.stream().filter(r ->
                r.series().name().matches("AliyunEcs_CPUUtilization|AliyunEcs_memory_usedutilization")).toList()));

        // AND: an impossible second condition leaves nothing
        assertThat(Recorded.scrapes(new TrafficModel(base().filter("__name__=node_load1")
                .filter("job=kube-state-metrics").build()), 2)).isEmpty();
        // a missing label is the empty string
        List<Recorded> noPhase = Recorded.scrapes(new TrafficModel(base().filter("phase=").build()), 1);
        assertThat(noPhase).isNotEmpty().allSatisfy(r -> assertThat(r.series().label("phase")).isNull());
        assertThat(noPhase.size()).isLessThan(all.size() / 3);

        TrafficModel counted = new TrafficModel(base().filter("job=node-exporter").build());
        Recorded.scrapes(counted, 2);
        assertThat(counted.samplesEmitted()).isLessThan(counted.samplesGenerated()).isPositive();
    }

    @Test
    void badFilterSpecsAreRejected() {
        assertThatThrownBy(() -> LabelFilter.parse("noequals")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelFilter.parse("=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelFilter.parse("a=(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid regex");
        assertThat(LabelFilter.parse("id=i-2ze0mxp.*").test("x", new String[] {"id"}, new String[] {"i-2ze0mxpabc"})).isTrue();
        assertThat(LabelFilter.parse("id=i-2ze0mxp").test("x", new String[] {"id"}, new String[] {"i-2ze0mxpabc"})).isFalse();
    }

    @Test
    void extraLabelsAreAddedToEverySampleOrReplaceTheExistingOne() {
        List<Recorded> samples = Recorded.scrapes(new TrafficModel(base()
                .extraLabel("tenant=acme").extraLabel("job", "delivered").build()), 2);
        assertThat(samples).isNotEmpty().allSatisfy(r -> {
            assertThat(r.series().label("tenant")).isEqualTo("acme");
            assertThat(r.series().label("job")).isEqualTo("delivered");
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < r.series().labelCount(); i++) {
                assertThat(keys.add(r.series().labelKey(i))).as("duplicate key").isTrue();
            }
        });
        // filters see the labels before the delivery task adds its own
        assertThat(Recorded.scrapes(new TrafficModel(base().filter("job=node-exporter")
                .extraLabel("job", "delivered").build()), 1)).isNotEmpty();
        assertThatThrownBy(() -> ModelConfig.builder().extraLabel("__name__=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelConfig.builder().extraLabel("value=x")).isInstanceOf(IllegalArgumentException.class);
    }
}
