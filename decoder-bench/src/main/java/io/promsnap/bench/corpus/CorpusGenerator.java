package io.promsnap.bench.corpus;

import io.airlift.compress.snappy.SnappyCompressor;
import io.promsnap.Sample;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the bundled benchmark corpora, deterministically: the same seed gives the same samples, the
 * same JSON and the same compressed bytes on every build (it runs at build time, see the module pom, so
 * no binary blob is checked in). The model ({@link #model}) is also what the correctness test computes
 * its expected checksums from, independently of any decoder.
 *
 * <p>The samples imitate what a Managed Prometheus delivery carries: Kubernetes (kube-state-metrics,
 * apiserver), cAdvisor, node-exporter, Alibaba cloud-monitor and Go runtime families, about 240 bytes of
 * JSON per sample, {@code value} and {@code timestamp} as JSON strings with Java's
 * {@code Double.toString} spelling, as the vendor's example shows. Label values include paths, IPs,
 * hashes and a few non-ASCII cloud tags.
 */
public final class CorpusGenerator {

    /** A bundled corpus: how many payloads of how many samples, its seed and which compressor wrote it. */
    public record Spec(String name, int payloads, int samplesPerPayload, long seed, Compressor compressor,
                       String description) {
    }

    /** Which Snappy compressor writes the raw blocks (their match finders differ, so do the ratios). */
    public enum Compressor {
        SNAPPY_JAVA, AIRCOMPRESSOR
    }

    /** Every bundled corpus; {@code typical} is what {@code bench --quick} runs. */
    public static final List<Spec> SPECS = List.of(
            new Spec("small", 100, 100, 11, Compressor.SNAPPY_JAVA,
                    "100 payloads of 100 samples (a lightly loaded delivery task), Snappy.compress"),
            new Spec("typical", 20, 1_000, 12, Compressor.SNAPPY_JAVA,
                    "20 payloads of 1,000 samples, Snappy.compress"),
            new Spec("large", 2, 20_000, 13, Compressor.SNAPPY_JAVA,
                    "2 payloads of 20,000 samples (a big cluster's scrape), Snappy.compress"),
            new Spec("typical-air", 20, 1_000, 12, Compressor.AIRCOMPRESSOR,
                    "the typical samples compressed by aircompressor (longer matches, smaller payloads)"));

    private CorpusGenerator() {
    }

    public static Spec spec(String name) {
        for (Spec s : SPECS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no bundled corpus '" + name + "'; bundled: "
                + SPECS.stream().map(Spec::name).toList());
    }

    /** Writes every bundled corpus under {@code args[0]} ({@code <dir>/<name>/INDEX} and payload files). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        for (Spec spec : SPECS) {
            write(spec, root.resolve(spec.name()));
        }
    }

    /** Writes one corpus: {@code p0000.snappy}... and an {@code INDEX} of {@code file samples jsonBytes}. */
    public static void write(Spec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder();
        index.append("# ").append(spec.name()).append(": ").append(spec.description()).append('\n');
        for (int p = 0; p < spec.payloads(); p++) {
            List<Sample> samples = model(spec, p);
            byte[] json = json(samples);
            byte[] compressed = compress(json, spec.compressor());
            String file = String.format("p%04d.snappy", p);
            Path target = dir.resolve(file);
            // unchanged bytes are not rewritten, so incremental builds do not repackage the jar
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), compressed)) {
                Files.write(target, compressed);
            }
            index.append(file).append(' ').append(samples.size()).append(' ').append(json.length).append('\n');
        }
        Path idx = dir.resolve("INDEX");
        byte[] bytes = index.toString().getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(idx) || !Arrays.equals(Files.readAllBytes(idx), bytes)) {
            Files.write(idx, bytes);
        }
    }

    public static byte[] compress(byte[] json, Compressor compressor) {
        if (compressor == Compressor.AIRCOMPRESSOR) {
            SnappyCompressor c = new SnappyCompressor();
            byte[] out = new byte[c.maxCompressedLength(json.length)];
            int n = c.compress(json, 0, json.length, out, 0, out.length);
            return Arrays.copyOf(out, n);
        }
        try {
            return Snappy.compress(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ model

    /**
     * The samples of payload {@code index} of a corpus. Payloads are independent of each other (each has
     * its own seed), so any one can be regenerated alone.
     */
    public static List<Sample> model(Spec spec, int index) {
        SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + index);
        Cluster cluster = new Cluster(new SplittableRandom(spec.seed()));
        List<Sample> out = new ArrayList<>(spec.samplesPerPayload());
        // a delivery batch covers a few scrapes of the same targets
        long ts = 1698732988354L + index * 15_000L;
        for (int i = 0; i < spec.samplesPerPayload(); i++) {
            out.add(cluster.sample(r, ts + r.nextInt(15_000)));
        }
        return out;
    }

    /** The JSON array of a batch as the delivery writes it: compact, values and timestamps as strings. */
    public static byte[] json(List<Sample> samples) {
        StringBuilder sb = new StringBuilder(samples.size() * 260);
        sb.append('[');
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"__name__\":");
            quote(sb, s.name());
            for (Map.Entry<String, String> e : s.labels().entrySet()) {
                sb.append(',');
                quote(sb, e.getKey());
                sb.append(':');
                quote(sb, e.getValue());
            }
            sb.append(",\"value\":\"").append(Double.toString(s.value())).append("\",\"timestamp\":\"")
                    .append(s.timestampMillis()).append("\"}");
        }
        sb.append(']');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder sb, String s) {
        io.promsnap.jsonl.JsonLines.string(sb, s);
    }

    /** A fixed set of nodes, pods and cloud instances that the samples describe. */
    private static final class Cluster {
        private static final String[] NAMESPACES = {"default", "kube-system", "monitoring", "arms-prom", "payment",
            "checkout", "ingress-nginx", "logging"};
        private static final String[] APPS = {"coredns", "nginx-ingress-controller", "payment-api", "checkout-web",
            "kube-proxy", "node-exporter", "kube-state-metrics", "order-service", "redis-cache", "logtail-ds"};
        private static final String[] REGIONS = {"cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1"};
        private static final String[] ECS_NAMES = {"web-01", "生产-web-02", "db-主库", "cache-03", "batch-worker-07"};

        final String[] nodes;
        final String[] pods;
        final String[] podNs;
        final String[] podUid;
        final String[] containers;
        final String[] ecs;

        Cluster(SplittableRandom r) {
            nodes = new String[12];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = "192.168." + r.nextInt(256) + "." + r.nextInt(256);
            }
            pods = new String[60];
            podNs = new String[pods.length];
            podUid = new String[pods.length];
            containers = new String[pods.length];
            for (int i = 0; i < pods.length; i++) {
                String app = APPS[r.nextInt(APPS.length)];
                pods[i] = app + "-" + hex(r, 10).substring(0, 10) + "-" + hex(r, 5).substring(0, 5);
                podNs[i] = NAMESPACES[r.nextInt(NAMESPACES.length)];
                podUid[i] = hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12);
                containers[i] = app;
            }
            ecs = new String[20];
            for (int i = 0; i < ecs.length; i++) {
                ecs[i] = "i-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36).substring(0, 10) + "x" + i;
            }
        }

        private int family;
        private long targetSeed;

        Sample sample(SplittableRandom r, long ts) {
            // Samples come in runs from one scrape target, as a delivery batch does (series of one target are
            // adjacent), which is what makes real payloads compress about 6:1.
            if (r.nextInt(4) == 0 || targetSeed == 0) {
                family = r.nextInt(100);
                targetSeed = r.nextLong() | 1;
            }
            int family = this.family;
            SplittableRandom t = new SplittableRandom(targetSeed);
            Map<String, String> l = new LinkedHashMap<>();
            String name;
            double value;
            if (family < 25) { // cAdvisor
                int p = t.nextInt(pods.length);
                String[] names = {"container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
                    "container_network_receive_bytes_total", "container_fs_writes_bytes_total"};
                name = names[r.nextInt(names.length)];
                l.put("container", containers[p]);
                l.put("id", "/kubepods/burstable/pod" + podUid[p]);
                l.put("instance", nodes[p % nodes.length] + ":10250");
                l.put("job", "kubelet");
                l.put("namespace", podNs[p]);
                l.put("pod", pods[p]);
                value = name.endsWith("_bytes") ? (double) (r.nextLong(1L << 31)) : counter(r);
            } else if (family < 55) { // node-exporter
                int n = t.nextInt(nodes.length);
                switch (t.nextInt(4)) {
                    case 0 -> {
                        name = "node_cpu_seconds_total";
                        l.put("cpu", Integer.toString(r.nextInt(16)));
                        l.put("mode", new String[] {"idle", "user", "system", "iowait", "steal"}[r.nextInt(5)]);
                        value = counter(r);
                    }
                    case 1 -> {
                        name = "node_filesystem_avail_bytes";
                        l.put("device", "/dev/vda" + (1 + r.nextInt(3)));
                        l.put("fstype", "ext4");
                        l.put("mountpoint", "/var/lib/kubelet/pods/" + podUid[n].substring(0, 13));
                        value = (double) r.nextLong(1L << 40);
                    }
                    case 2 -> {
                        name = "node_network_receive_bytes_total";
                        l.put("device", r.nextBoolean() ? "eth0" : "cali" + podUid[n + r.nextInt(4)].substring(0, 11));
                        value = counter(r);
                    }
                    default -> {
                        name = "node_load1";
                        value = Math.round(r.nextDouble() * 800) / 100.0;
                    }
                }
                l.put("instance", nodes[n] + ":9100");
                l.put("job", "node-exporter");
                l.put("namespace", "monitoring");
                l.put("pod", "node-exporter-" + podUid[n].substring(24, 29));
            } else if (family < 75) { // Kubernetes: apiserver and kube-state-metrics
                if (t.nextBoolean()) {
                    name = "apiserver_request_duration_seconds_bucket";
                    l.put("component", "apiserver");
                    l.put("endpoint", "https");
                    l.put("group", r.nextBoolean() ? "apps" : "");
                    l.put("instance", nodes[0] + ":6443");
                    l.put("job", "apiserver");
                    l.put("le", new String[] {"0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "+Inf"}[r.nextInt(7)]);
                    l.put("resource", new String[] {"pods", "deployments", "configmaps", "leases"}[r.nextInt(4)]);
                    l.put("scope", "namespace");
                    l.put("verb", new String[] {"GET", "LIST", "WATCH", "UPDATE", "PATCH"}[r.nextInt(5)]);
                    l.put("version", "v1");
                    value = r.nextInt(100_000);
                } else {
                    int p = t.nextInt(pods.length);
                    name = "kube_pod_status_phase";
                    l.put("instance", "kube-state-metrics.monitoring:8080");
                    l.put("job", "kube-state-metrics");
                    l.put("namespace", podNs[p]);
                    l.put("phase", new String[] {"Running", "Pending", "Succeeded", "Failed", "Unknown"}[r.nextInt(5)]);
                    l.put("pod", pods[p]);
                    l.put("uid", podUid[p]);
                    value = r.nextInt(2);
                }
            } else if (family < 90) { // cloud monitor
                int e = t.nextInt(ecs.length);
                name = r.nextBoolean() ? "AliyunEcs_CPUUtilization" : "AliyunEcs_memory_usedutilization";
                l.put("instanceId", ecs[e]);
                l.put("instanceName", ECS_NAMES[e % ECS_NAMES.length]);
                l.put("regionId", REGIONS[e % REGIONS.length]);
                l.put("userId", "1748" + (100_000_000_000L + e * 7_919L));
                l.put("job", "cloud-monitor");
                value = Math.round(r.nextDouble() * 10_000) / 100.0;
            } else { // Go runtime
                int p = t.nextInt(pods.length);
                if (r.nextInt(3) == 0) {
                    name = "go_gc_duration_seconds";
                    l.put("quantile", new String[] {"0", "0.25", "0.5", "0.75", "1"}[r.nextInt(5)]);
                    // an idle process reports NaN quantiles
                    value = r.nextInt(20) == 0 ? Double.NaN : r.nextDouble() * 1e-3;
                } else {
                    name = r.nextBoolean() ? "go_goroutines" : "go_memstats_heap_alloc_bytes";
                    value = name.equals("go_goroutines") ? r.nextInt(2_000) : (double) r.nextLong(1L << 32);
                }
                l.put("instance", nodes[p % nodes.length] + ":" + (8000 + p));
                l.put("job", containers[p]);
                l.put("namespace", podNs[p]);
                l.put("pod", pods[p]);
            }
            return new Sample(name, l, value, ts);
        }

        private static double counter(SplittableRandom r) {
            // counters print as "1.2345678912E7" or "862.53" depending on magnitude, as Double.toString does
            return Math.round(r.nextDouble() * Math.pow(10, 2 + r.nextInt(9))) / 100.0;
        }

        private static String hex(SplittableRandom r, int digits) {
            StringBuilder sb = new StringBuilder(digits);
            while (sb.length() < digits) {
                sb.append(Long.toHexString(r.nextLong() | Long.MIN_VALUE));
            }
            return sb.substring(0, digits);
        }
    }
}
