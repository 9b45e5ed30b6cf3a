package io.promsnap.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the traffic model generates. Immutable; build with {@link #builder()}. The same configuration
 * (seed included) always gives the same samples in the same order.
 */
public final class ModelConfig {
    /** 2023-10-31T06:16:28.354Z, the timestamp of the vendor's example: a fixed default keeps runs reproducible. */
    public static final long DEFAULT_START_MILLIS = 1698732988354L;

    private final int series;
    private final int labelsPerSeries;
    private final int churnSeconds;
    private final int scrapeIntervalMillis;
    private final double nanShare;
    private final double infShare;
    private final double counterResetShare;
    private final long seed;
    private final long startMillis;
    private final List<LabelFilter> filters;
    private final Map<String, String> extraLabels;
    private final int instance;
    private final int instances;

    private ModelConfig(Builder b) {
        this.series = b.series;
        this.labelsPerSeries = b.labelsPerSeries;
        this.churnSeconds = b.churnSeconds;
        this.scrapeIntervalMillis = b.scrapeIntervalMillis;
        this.nanShare = b.nanShare;
        this.infShare = b.infShare;
        this.counterResetShare = b.counterResetShare;
        this.seed = b.seed;
        this.startMillis = b.startMillis;
        this.filters = List.copyOf(b.filters);
        this.extraLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraLabels));
        this.instance = b.instance;
        this.instances = b.instances;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ModelConfig defaults() {
        return builder().build();
    }

    /** Active series wanted (cardinality); the model creates at least this many, overshooting by at most one histogram. */
    public int series() {
        return series;
    }

    /** Minimum labels per series (without {@code __name__}); natural label sets are padded up to it. 0 = natural. */
    public int labelsPerSeries() {
        return labelsPerSeries;
    }

    /** Pod lifetime: every pod is replaced (new name, new series) once per this many seconds. 0 = no churn. */
    public int churnSeconds() {
        return churnSeconds;
    }

    public int scrapeIntervalMillis() {
        return scrapeIntervalMillis;
    }

    /** Share of counter and gauge samples whose value is NaN (Prometheus stale markers print as NaN too). */
    public double nanShare() {
        return nanShare;
    }

    /** Share of gauge samples whose value is +Inf or -Inf. */
    public double infShare() {
        return infShare;
    }

    /** Probability that a counter resets to zero at a scrape (a process restart). */
    public double counterResetShare() {
        return counterResetShare;
    }

    public long seed() {
        return seed;
    }

    /** Model time of the first scrape, milliseconds since the epoch. */
    public long startMillis() {
        return startMillis;
    }

    /** The delivery task's filters, ANDed; applied to the labels before {@link #extraLabels()} are added. */
    public List<LabelFilter> filters() {
        return filters;
    }

    /** The delivery task's custom labels, added to every sample (replacing a label of the same key). */
    public Map<String, String> extraLabels() {
        return extraLabels;
    }

    /** This generator's number among {@link #instances()}, from 1. */
    public int instance() {
        return instance;
    }

    /**
     * How many independent generators share the work (scale-out). With more than one, instance {@code i}
     * draws from its own seed stream ({@link #effectiveSeed()}) and its own address range: every IP the
     * model makes has {@code i - 1} as its second octet (nodes {@code 10.(i-1).x.y}, pods
     * {@code 172.(i-1).x.y}, apiservers {@code 192.168.(i-1).x}) and the cloud account id starts with
     * {@code i - 1}, and every series carries one of them (an {@code instance} or {@code userId} label), so
     * the series of two instances never coincide. One instance (the default) is the unpartitioned model.
     */
    public int instances() {
        return instances;
    }

    /** The seed the model draws from: {@link #seed()} itself for one instance, a stream of its own per instance otherwise. */
    public long effectiveSeed() {
        if (instances == 1) {
            return seed;
        }
        // SplittableRandom's own finaliser (Stafford's mix 13) over seed and instance: unrelated streams
        long z = seed + instance * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builder with defaults: 10,000 series, natural labels, no churn, 15 s scrapes, no NaN/Inf, seed 1. */
    public static final class Builder {
        private int series = 10_000;
        private int labelsPerSeries;
        private int churnSeconds;
        private int scrapeIntervalMillis = 15_000;
        private double nanShare;
        private double infShare;
        private double counterResetShare = 0.0005;
        private long seed = 1;
        private long startMillis = DEFAULT_START_MILLIS;
        private final List<LabelFilter> filters = new ArrayList<>();
        private final Map<String, String> extraLabels = new LinkedHashMap<>();
        private int instance = 1;
        private int instances = 1;

        private Builder() {
        }

        public Builder series(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("series must be at least 1: " + n);
            }
            this.series = n;
            return this;
        }

        public Builder labelsPerSeries(int n) {
            if (n < 0 || n > 500) {
                throw new IllegalArgumentException("labels per series must be in [0, 500]: " + n);
            }
            this.labelsPerSeries = n;
            return this;
        }

        public Builder churnSeconds(int s) {
            if (s < 0) {
                throw new IllegalArgumentException("churn seconds must be >= 0: " + s);
            }
            this.churnSeconds = s;
            return this;
        }

        public Builder scrapeIntervalMillis(int ms) {
            if (ms < 1) {
                throw new IllegalArgumentException("scrape interval must be >= 1 ms: " + ms);
            }
            this.scrapeIntervalMillis = ms;
            return this;
        }

        public Builder nanShare(double share) {
            this.nanShare = share("NaN share", share);
            return this;
        }

        public Builder infShare(double share) {
            this.infShare = share("Inf share", share);
            return this;
        }

        public Builder counterResetShare(double share) {
            this.counterResetShare = share("counter reset share", share);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder startMillis(long ms) {
            this.startMillis = ms;
            return this;
        }

        public Builder filter(LabelFilter f) {
            filters.add(Objects.requireNonNull(f, "filter"));
            return this;
        }

        /** {@code label=regex}, see {@link LabelFilter#parse}. */
        public Builder filter(String spec) {
            return filter(LabelFilter.parse(spec));
        }

        /**
         * Instance {@code index} of {@code count} independent generators (1 ≤ index ≤ count ≤ 256): see
         * {@link ModelConfig#instances()}.
         */
        public Builder instance(int index, int count) {
            if (count < 1 || count > 256 || index < 1 || index > count) {
                throw new IllegalArgumentException("instance must be I/N with 1 <= I <= N <= 256: " + index + "/" + count);
            }
            this.instance = index;
            this.instances = count;
            return this;
        }

        public Builder extraLabel(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.equals("__name__") || key.equals("value") || key.equals("timestamp")) {
                throw new IllegalArgumentException("'" + key + "' cannot be added as a label: it is a reserved key");
            }
            extraLabels.put(key, value);
            return this;
        }

        /** {@code key=value} (split at the first {@code =}). */
        public Builder extraLabel(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label must look like key=value: '" + spec + "'");
            }
            return extraLabel(spec.substring(0, eq).strip(), spec.substring(eq + 1));
        }

        private static double share(String what, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(what + " must be in [0, 1]: " + v);
            }
            return v;
        }

        public ModelConfig build() {
            if (nanShare + infShare > 1) {
                throw new IllegalArgumentException("NaN share + Inf share must not exceed 1");
            }
            if (instances > 1 && (extraLabels.containsKey("instance") || extraLabels.containsKey("userId"))) {
                // those two labels are what keeps the instances' series apart
                throw new IllegalArgumentException("with several instances the labels 'instance' and 'userId' cannot be "
                        + "replaced by an added label: they keep the instances' series apart");
            }
            return new ModelConfig(this);
        }
    }
}
