package io.promsnap.conformance.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic model batches: realistic (seed-like delivery data) and hostile (every awkward character). */
public final class Models {
    private Models() {
    }

    private static final String[] NAMES = {
        "apiserver_admission_controller_admission_duration_seconds_bucket", "container_cpu_usage_seconds_total",
        "node_memory_MemAvailable_bytes", "kube_pod_container_status_restarts_total", "AliyunEcs_CPUUtilization",
        "http_requests_total", "go_goroutines", "up",
    };
    private static final String[] KEYS = {
        "instance", "pod", "namespace", "service", "job", "endpoint", "container", "node", "regionId", "id",
        "le", "quantile", "cluster", "image", "uri", "method", "status", "userId",
    };

    public static List<ModelSample> realistic(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ModelSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<ModelSample.Label> labels = new ArrayList<>();
            int count = 3 + r.nextInt(10);
            List<String> used = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String key = KEYS[r.nextInt(KEYS.length)];
                if (!used.contains(key)) {
                    used.add(key);
                    labels.add(new ModelSample.Label(key, labelValue(r)));
                }
            }
            out.add(new ModelSample(NAMES[r.nextInt(NAMES.length)], labels, value(r), 1698732988354L + r.nextInt(60_000)));
        }
        return out;
    }

    /** Quotes, backslashes, slashes, control characters, 2-, 3- and 4-byte UTF-8, empty strings. */
    public static List<ModelSample> hostile(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ModelSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<ModelSample.Label> labels = new ArrayList<>();
            List<String> used = new ArrayList<>(List.of("__name__", "value", "timestamp"));
            int count = r.nextInt(6);
            for (int k = 0; k < count; k++) {
                String key = awkward(r, r.nextInt(8));
                if (!used.contains(key)) {
                    used.add(key);
                    labels.add(new ModelSample.Label(key, awkward(r, r.nextInt(20))));
                }
            }
            out.add(new ModelSample(awkward(r, 1 + r.nextInt(16)), labels, value(r), r.nextLong()));
        }
        return out;
    }

    static String labelValue(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "kube-system/coredns-" + Long.toHexString(r.nextLong());
            case 1 -> "10.0." + r.nextInt(256) + "." + r.nextInt(256) + ":9100";
            case 2 -> "节点-" + r.nextInt(100);
            case 3 -> "cn-hangzhou";
            case 4 -> "";
            case 5 -> "+Inf";
            default -> "i-2ze0mxp" + r.nextInt(1000);
        };
    }

    public static String awkward(SplittableRandom r, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (r.nextInt(9)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/".charAt(r.nextInt(3)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000 - 0x800)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                case 5 -> sb.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> sb.append((char) (0x20 + r.nextInt(0x60)));
            }
        }
        return sb.toString();
    }

    public static double value(SplittableRandom r) {
        return switch (r.nextInt(14)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> Double.MIN_VALUE * (1 + r.nextInt(1000));
            case 5 -> Double.longBitsToDouble(r.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (r.nextBoolean() ? 1 : -1);
            case 6 -> r.nextInt(1_000_000);
            case 7 -> 1.5e9;
            case 8 -> r.nextDouble();
            default -> Math.round(r.nextDouble() * 1e6) / 100.0;
        };
    }
}
