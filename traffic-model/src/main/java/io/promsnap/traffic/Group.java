package io.promsnap.traffic;

/**
 * The series one metric family contributes for one label combination (a single counter or gauge
 * series, or the {@code _bucket}/{@code _sum}/{@code _count} series of one histogram), with the state
 * that makes its values evolve realistically from scrape to scrape.
 */
abstract class Group {
    final Series[] series;

    Group(Series[] series) {
        this.series = series;
    }

    int size() {
        return series.length;
    }

    /** Advances the state by one scrape and emits every series' sample. */
    abstract void scrape(TrafficModel m, long ts, SampleSink sink);

    /** Counters: rise by rate × interval (stochastically rounded when integral), occasionally reset. */
    static final class Counter extends Group {
        private final double[] value;
        private final double[] rate;
        private final boolean integral;

        Counter(Series[] series, double[] initial, double[] ratePerSecond, boolean integral) {
            super(series);
            this.value = initial;
            this.rate = ratePerSecond;
            this.integral = integral;
            if (integral) {
                for (int i = 0; i < initial.length; i++) {
                    initial[i] = Math.rint(initial[i]);
                }
            }
        }

        @Override
        void scrape(TrafficModel m, long ts, SampleSink sink) {
            Rng rng = m.rng;
            double dt = m.intervalSeconds;
            for (int i = 0; i < series.length; i++) {
                double inc = rate[i] * dt * (0.5 + rng.uniform());
                if (integral) {
                    inc = Math.floor(inc + rng.uniform());
                }
                if (rng.chance(m.config.counterResetShare())) {
                    // a restart: the new process has counted only what happened since
                    value[i] = inc;
                } else {
                    value[i] += inc;
                }
                m.emitScalar(series[i], value[i], ts, sink, false);
            }
        }
    }

    /** Gauges: a bounded random walk (step 0 = constant), optionally rounded to 1/scale. */
    static final class Gauge extends Group {
        private final double[] value;
        private final double lo;
        private final double hi;
        private final double step;
        private final double scale;

        Gauge(Series[] series, double[] initial, double lo, double hi, double step, double scale) {
            super(series);
            this.value = initial;
            this.lo = lo;
            this.hi = hi;
            this.step = step;
            this.scale = scale;
            for (int i = 0; i < initial.length; i++) {
                initial[i] = round(initial[i]);
            }
        }

        private double round(double v) {
            return scale > 0 ? Math.rint(v * scale) / scale : v;
        }

        @Override
        void scrape(TrafficModel m, long ts, SampleSink sink) {
            for (int i = 0; i < series.length; i++) {
                if (step > 0) {
                    double v = value[i] + m.rng.gaussian() * step;
                    // reflect at the bounds so the walk stays in range without sticking to them
                    if (v < lo) {
                        v = Math.min(hi, lo + (lo - v));
                    } else if (v > hi) {
                        v = Math.max(lo, hi - (v - hi));
                    }
                    value[i] = round(v);
                }
                m.emitScalar(series[i], value[i], ts, sink, true);
            }
        }
    }

    /**
     * A histogram: series are the buckets in ascending {@code le} order ending with {@code +Inf}, then
     * {@code _sum}, then {@code _count}. Emitted bucket values are cumulative, so {@code +Inf} equals
     * {@code _count} by construction. Observations are log-normal.
     */
    static final class Histogram extends Group {
        private final double[] bounds;
        private final long[] perBucket;
        private final double obsRate;
        private final double mu;
        private final double sigma;
        private long count;
        private double sum;

        Histogram(Series[] series, double[] bounds, double obsPerSecond, double medianSeconds, double sigma) {
            super(series);
            if (series.length != bounds.length + 3) {
                throw new IllegalArgumentException("histogram needs buckets + Inf + sum + count series");
            }
            this.bounds = bounds;
            this.perBucket = new long[bounds.length + 1];
            this.obsRate = obsPerSecond;
            this.mu = Math.log(medianSeconds);
            this.sigma = sigma;
        }

        @Override
        void scrape(TrafficModel m, long ts, SampleSink sink) {
            Rng rng = m.rng;
            if (rng.chance(m.config.counterResetShare())) {
                java.util.Arrays.fill(perBucket, 0);
                count = 0;
                sum = 0;
            }
            long n = (long) Math.floor(obsRate * m.intervalSeconds * (0.5 + rng.uniform()) + rng.uniform());
            // a few draws stand for all n observations: cheap, and the bucket shape stays realistic
            int draws = (int) Math.min(n, 8);
            for (int j = 0; j < draws; j++) {
                long w = n / draws + (j < n % draws ? 1 : 0);
                double x = Math.exp(mu + sigma * rng.gaussian());
                int b = bounds.length;
                for (int k = 0; k < bounds.length; k++) {
                    if (x <= bounds[k]) {
                        b = k;
                        break;
                    }
                }
                perBucket[b] += w;
                sum += x * w;
            }
            count += n;
            long cumulative = 0;
            for (int k = 0; k < perBucket.length; k++) {
                cumulative += perBucket[k];
                m.emitExact(series[k], cumulative, ts, sink);
            }
            m.emitExact(series[perBucket.length], sum, ts, sink);
            m.emitExact(series[perBucket.length + 1], count, ts, sink);
        }
    }

    /**
     * A summary: one series per quantile (ascending, values non-decreasing; NaN before the first
     * observation, as client libraries report), then {@code _sum}, then {@code _count}.
     */
    static final class Summary extends Group {
        private final double[] z;
        private final double obsRate;
        private final double mu;
        private final double sigma;
        private long count;
        private double sum;

        Summary(Series[] series, double[] quantiles, double obsPerSecond, double medianSeconds, double sigma) {
            super(series);
            if (series.length != quantiles.length + 2) {
                throw new IllegalArgumentException("summary needs quantiles + sum + count series");
            }
            this.z = new double[quantiles.length];
            for (int i = 0; i < quantiles.length; i++) {
                z[i] = normalQuantile(quantiles[i]);
            }
            this.obsRate = obsPerSecond;
            this.mu = Math.log(medianSeconds);
            this.sigma = sigma;
        }

        @Override
        void scrape(TrafficModel m, long ts, SampleSink sink) {
            Rng rng = m.rng;
            long n = (long) Math.floor(obsRate * m.intervalSeconds * (0.5 + rng.uniform()) + rng.uniform());
            double level = Math.exp(0.15 * rng.gaussian());
            count += n;
            sum += n * Math.exp(mu + sigma * sigma / 2) * level;
            for (int i = 0; i < z.length; i++) {
                double v = count == 0 ? Double.NaN : Math.exp(mu + sigma * z[i]) * level;
                m.emitExact(series[i], v, ts, sink);
            }
            m.emitExact(series[z.length], sum, ts, sink);
            m.emitExact(series[z.length + 1], count, ts, sink);
        }

        /** Rough standard-normal quantile; 0 and 1 (min and max) are clipped to ±3 sigma. */
        static double normalQuantile(double q) {
            if (q <= 0) {
                return -3;
            }
            if (q >= 1) {
                return 3;
            }
            // Acklam-free approximation (Tukey lambda, lambda 0.14): good enough for a traffic model
            return (Math.pow(q, 0.14) - Math.pow(1 - q, 0.14)) / 0.1975;
        }
    }
}
