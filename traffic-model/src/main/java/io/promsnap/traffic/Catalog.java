package io.promsnap.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metric families, label sets and value ranges of the model: what a managed Prometheus scraping
 * an ACK (Kubernetes) cluster and Alibaba Cloud Monitor delivers. Values are modelled on real exporters
 * (names, label keys, bucket layouts, typical magnitudes).
 */
final class Catalog {
    private static final String[] NAMESPACES = {"default", "orders", "payments", "inventory", "gateway", "monitoring"};
    private static final String[] APPS = {"order-service", "payment-gateway", "inventory-api", "user-center",
        "cart-service", "search-api", "risk-engine", "notification-worker", "coupon-service", "nginx-ingress"};
    private static final String[] REGIONS = {"cn-hangzhou", "cn-beijing", "cn-shanghai", "cn-shenzhen", "ap-southeast-1"};
    private static final String[] ECS_NAMES = {"生产-web-", "launch-advisor-", "k8s-node-", "数据库代理-", "bastion-",
        "gpu-train-"};
    private static final double[] GO_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private static final double[] MICROMETER_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] APISERVER_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2,
        3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60};
    private static final double[] ADMISSION_BUCKETS = {0.005, 0.025, 0.1, 0.5, 1, 2.5};
    private static final double[] ETCD_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4,
        5, 6, 8, 10, 15, 20, 30, 45, 60};

    private final TrafficModel m;
    private final Rng rng;
    private final String region;
    private final String userId;
    private final String ksmInstance;
    private final String apiserverPrefix;
    private final List<String[]> padding = new ArrayList<>();

    Catalog(TrafficModel m) {
        this.m = m;
        this.rng = m.rng;
        this.region = rng.pick(REGIONS);
        String user = "1" + rng.digits(15);
        this.ksmInstance = ip(10) + ":8080";
        int third = rng.nextInt(256);
        if (m.config.instances() > 1) {
            // scale-out: the instance's own address range and account (see ModelConfig#instances)
            int i = m.config.instance() - 1;
            user = "1" + String.format("%03d", i) + user.substring(4);
            third = i;
        }
        this.userId = user;
        this.apiserverPrefix = "192.168." + third + ".";
        String cluster = "ack-prod-" + region.substring(region.indexOf('-') + 1) + "-" + rng.hex(4);
        String[][] fixed = {
            {"cluster", cluster},
            {"cluster_id", "c" + rng.hex(32)},
            {"prometheus", "arms-prom/" + cluster},
            {"prometheus_replica", "prometheus-" + cluster + "-0"},
            {"region", region},
            {"zone", region + "-" + rng.pick(new String[] {"a", "b", "h", "i", "k"})},
            {"env", "prod"},
            {"team", "sre"},
            {"tenant_id", userId},
            {"product", "ack"},
            {"tier", "backend"},
            {"cost_center", "cc-" + rng.digits(4)},
            {"owner", "ops-oncall@example.com"},
            {"data_source", "arms-prometheus"},
            {"delivery_task", "dt-" + rng.hex(12)},
        };
        padding.addAll(Arrays.asList(fixed));
    }

    /** A random IPv4 address {@code a.x.y.z}; with several instances x is the instance's number (from 0). */
    private String ip(int a) {
        String ip = rng.ip(a);
        if (m.config.instances() > 1) {
            int first = ip.indexOf('.');
            int second = ip.indexOf('.', first + 1);
            ip = a + "." + (m.config.instance() - 1) + ip.substring(second);
        }
        return ip;
    }

    /** Adds padding labels (external-label style, keys not already present) until there are {@code n}. */
    void pad(List<String[]> labels, int n) {
        for (int i = 0; labels.size() < n; i++) {
            String[] kv = i < padding.size() ? padding.get(i) : new String[] {String.format("extra_label_%03d", i),
                "v" + Integer.toHexString(i * 0x9e3779b1 >>> 8)};
            boolean present = false;
            for (String[] l : labels) {
                if (l[0].equals(kv[0])) {
                    present = true;
                    break;
                }
            }
            if (!present) {
                labels.add(new String[] {kv[0], kv[1]});
            }
        }
    }

    // ---- targets ----

    /** A scrape target: its samples share a timestamp offset within the scrape. */
    static class Entity {
        final int offsetMs;
        Group[] groups;
        int limit = Integer.MAX_VALUE;

        Entity(int offsetMs) {
            this.offsetMs = offsetMs;
        }

        int seriesCount() {
            int n = 0;
            for (Group g : groups) {
                n += g.size();
            }
            return n;
        }

        void limit(int n) {
            limit = n;
            if (n < groups.length) {
                groups = Arrays.copyOf(groups, n);
            }
        }
    }

    static final class Pod extends Entity {
        final String nodeName;
        final String nodeIp;
        final String namespace;
        final String app;
        final boolean java;
        String rsHash;
        String name;
        String uid;
        String ip;
        String containerId;
        long bornAt;

        Pod(int offsetMs, String nodeName, String nodeIp, String namespace, String app, boolean java) {
            super(offsetMs);
            this.nodeName = nodeName;
            this.nodeIp = nodeIp;
            this.namespace = namespace;
            this.app = app;
            this.java = java;
        }
    }

    private int offset() {
        return rng.nextInt(Math.min(m.config.scrapeIntervalMillis(), 10_000));
    }

    /** Cluster unit {@code u}: an apiserver every 20 units, a node with six pods, two ECS instances. */
    List<Entity> unit(int u) {
        List<Entity> list = new ArrayList<>();
        if (u % 20 == 0) {
            list.add(apiserver());
        }
        String nodeIp = ip(10);
        String nodeName = region + "." + nodeIp;
        list.add(node(nodeName, nodeIp));
        for (int i = 0; i < 6; i++) {
            Pod p = new Pod(offset(), nodeName, nodeIp, NAMESPACES[(u + i) % NAMESPACES.length],
                    APPS[(u * 6 + i) % APPS.length], i % 2 == 0);
            p.rsHash = rng.kube(9 + rng.nextInt(2));
            newIdentity(p);
            p.groups = podGroups(p);
            list.add(p);
        }
        list.add(ecs());
        list.add(ecs());
        return list;
    }

    /** Churn: the pod is replaced by a new one (sometimes from a new ReplicaSet, as in a rollout). */
    void replace(Pod p) {
        if (rng.chance(0.2)) {
            p.rsHash = rng.kube(9 + rng.nextInt(2));
        }
        newIdentity(p);
        Group[] all = podGroups(p);
        p.groups = p.limit < all.length ? Arrays.copyOf(all, p.limit) : all;
    }

    private void newIdentity(Pod p) {
        p.name = p.app + "-" + p.rsHash + "-" + rng.kube(5);
        p.uid = rng.uuid();
        p.ip = ip(172);
        p.containerId = rng.hex(64);
    }

    private Group[] podGroups(Pod p) {
        String image = "registry-vpc." + region + ".aliyuncs.com/prod/" + p.app + ":v1." + rng.nextInt(40) + "." + rng.nextInt(10);
        String[] cadvisor = {"container", p.app, "endpoint", "https-metrics",
            "id", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + p.uid.replace('-', '_')
                + ".slice/cri-containerd-" + p.containerId + ".scope",
            "image", image, "instance", p.nodeIp + ":10250", "job", "kubelet", "metrics_path", "/metrics/cadvisor",
            "name", p.containerId, "namespace", p.namespace, "node", p.nodeName, "pod", p.name, "service", "kubelet"};
        String[] ksm = {"instance", ksmInstance, "job", "kube-state-metrics", "namespace", p.namespace, "pod", p.name,
            "uid", p.uid};
        String[] ksmContainer = concat(ksm, "container", p.app);
        String[] app = {"instance", p.ip + ":" + (p.java ? "8080" : "9090"), "job", p.namespace + "/" + p.app,
            "namespace", p.namespace, "pod", p.name, "service", p.app};
        List<Group> g = new ArrayList<>();
        g.add(counter("container_cpu_usage_seconds_total", cadvisor, false, rng.logUniform(0.02, 1.5), 86_400,
                new String[] {"cpu", "total"}));
        g.add(constant("kube_pod_info", ksm, 1, "created_by_kind", "ReplicaSet", "created_by_name", p.app + "-" + p.rsHash,
                "host_ip", p.nodeIp, "host_network", "false", "node", p.nodeName, "pod_ip", p.ip, "priority_class", ""));
        List<Group> appGroups = p.java ? javaApp(app, p.app) : goApp(app);
        g.add(appGroups.get(0));
        g.add(gauge("container_memory_working_set_bytes", cadvisor, 1.5e8, 2.5e9, 0.002, 1));
        g.add(new Group.Gauge(new Series[] {
            m.series("kube_pod_status_phase", MetricType.GAUGE, ksm, "phase", "Failed"),
            m.series("kube_pod_status_phase", MetricType.GAUGE, ksm, "phase", "Pending"),
            m.series("kube_pod_status_phase", MetricType.GAUGE, ksm, "phase", "Running"),
            m.series("kube_pod_status_phase", MetricType.GAUGE, ksm, "phase", "Succeeded"),
            m.series("kube_pod_status_phase", MetricType.GAUGE, ksm, "phase", "Unknown")},
            new double[] {0, 0, 1, 0, 0}, 0, 1, 0, 0));
        g.addAll(appGroups.subList(1, appGroups.size()));
        g.add(gauge("container_memory_rss", cadvisor, 1e8, 2e9, 0.002, 1));
        g.add(counter("container_network_receive_bytes_total", cadvisor, true, rng.logUniform(1e3, 5e6), 86_400,
                new String[] {"interface", "eth0"}));
        g.add(counter("container_network_transmit_bytes_total", cadvisor, true, rng.logUniform(1e3, 5e6), 86_400,
                new String[] {"interface", "eth0"}));
        g.add(counter("container_fs_writes_bytes_total", cadvisor, true, rng.logUniform(1e2, 1e6), 86_400,
                new String[] {"device", "/dev/vda"}));
        g.add(constant("container_spec_memory_limit_bytes", cadvisor, 4294967296.0));
        g.add(counter("kube_pod_container_status_restarts_total", ksmContainer, true, 0.00002, 86_400, new String[0]));
        g.add(new Group.Gauge(new Series[] {
            m.series("kube_pod_container_resource_requests", MetricType.GAUGE, ksmContainer, "node", p.nodeName,
                    "resource", "cpu", "unit", "core"),
            m.series("kube_pod_container_resource_requests", MetricType.GAUGE, ksmContainer, "node", p.nodeName,
                    "resource", "memory", "unit", "byte")},
            new double[] {0.5, 1073741824}, 0, 0, 0, 0));
        g.add(constant("kube_pod_container_status_ready", ksmContainer, 1));
        g.add(constant("kube_pod_labels", ksm, 1, "label_app", p.app, "label_pod_template_hash", p.rsHash,
                "label_version", "v1"));
        // annotations carry free text: quotes, slashes and non-ASCII that the JSON must escape or carry raw
        g.add(constant("kube_pod_annotations", ksm, 1, "annotation_kubernetes_io_change_cause",
                "kubectl set image deployment/" + p.app + " " + p.app + "=\"" + image + "\" --record=true",
                "annotation_description", "订单服务 · " + p.app + " (team \"交易\")"));
        g.add(constant("kube_pod_owner", ksm, 1, "owner_is_controller", "true", "owner_kind", "ReplicaSet",
                "owner_name", p.app + "-" + p.rsHash));
        return g.toArray(new Group[0]);
    }

    /** Spring Boot / Micrometer: Java-spelled {@code le} values ("1.0"), {@code _max} gauges. */
    private List<Group> javaApp(String[] base, String app) {
        String[] b = concat(base, "application", app);
        List<Group> g = new ArrayList<>();
        String[][] routes = {
            {"error", "none", "exception", "none", "method", "GET", "outcome", "SUCCESS", "status", "200", "uri", "/api/v1/orders/{id}"},
            {"error", "none", "exception", "none", "method", "POST", "outcome", "SUCCESS", "status", "201", "uri", "/api/v1/orders"},
            {"error", "none", "exception", "none", "method", "GET", "outcome", "SUCCESS", "status", "200", "uri", "/actuator/health"},
            {"error", "none", "exception", "none", "method", "GET", "outcome", "CLIENT_ERROR", "status", "404", "uri", "/api/v1/orders/{id}"},
            {"error", "DataAccessResourceFailureException", "exception", "DataAccessResourceFailureException", "method", "POST",
                "outcome", "SERVER_ERROR", "status", "500", "uri", "/api/v1/orders"},
        };
        double[] rates = {40, 8, 0.2, 2, 0.05};
        for (int i = 0; i < routes.length; i++) {
            g.add(histogram("http_server_requests_seconds", b, routes[i], MICROMETER_BUCKETS, true,
                    rates[i] * rng.uniform(0.3, 3), rng.logUniform(0.005, 0.2), 0.9));
            if (i == 0) {
                g.add(gauge("http_server_requests_seconds_max", b, 0.05, 3, 0.05, 0, routes[i]));
            }
        }
        g.add(new Group.Gauge(new Series[] {
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "heap", "id", "G1 Eden Space"),
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "heap", "id", "G1 Old Gen"),
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "heap", "id", "G1 Survivor Space"),
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "nonheap", "id", "Metaspace"),
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "nonheap", "id", "CodeCache"),
            m.series("jvm_memory_used_bytes", MetricType.GAUGE, b, "area", "nonheap", "id", "Compressed Class Space")},
            new double[] {rng.uniform(1e7, 3e8), rng.uniform(1e8, 1e9), rng.uniform(1e6, 2e7), rng.uniform(8e7, 1.5e8),
                rng.uniform(2e7, 6e7), rng.uniform(8e6, 1.6e7)}, 1e6, 1.2e9, 4e6, 1));
        g.add(gauge("jvm_threads_live_threads", b, 30, 400, 0.01, 1));
        g.add(summary("jvm_gc_pause_seconds", b, new String[] {"action", "end of minor GC", "cause", "G1 Evacuation Pause",
            "gc", "G1 Young Generation"}, new double[0], true, rng.uniform(0.05, 0.5), rng.logUniform(0.002, 0.03), 0.7));
        g.add(gauge("jvm_gc_pause_seconds_max", b, 0, 0.2, 0.02, 1000, "action", "end of minor GC",
                "cause", "G1 Evacuation Pause", "gc", "G1 Young Generation"));
        g.add(gauge("process_cpu_usage", b, 0, 1, 0.02, 0));
        g.add(gauge("hikaricp_connections_active", b, 0, 20, 0.1, 1, "pool", "HikariPool-1"));
        g.add(gauge("jvm_classes_loaded_classes", b, 15000, 22000, 0.0005, 1));
        return g;
    }

    /** client_golang: Go-spelled {@code le} ("1"), quantile summaries of the GC. */
    private List<Group> goApp(String[] base) {
        List<Group> g = new ArrayList<>();
        String[][] handlers = {{"handler", "/api/v1/query", "method", "get"}, {"handler", "/api/v1/write", "method", "post"},
            {"handler", "/metrics", "method", "get"}};
        double[] rates = {20, 60, 0.1};
        for (int i = 0; i < handlers.length; i++) {
            g.add(histogram("http_request_duration_seconds", base, handlers[i], GO_BUCKETS, false,
                    rates[i] * rng.uniform(0.3, 3), rng.logUniform(0.002, 0.3), 1.0));
        }
        g.add(new Group.Counter(new Series[] {
            m.series("http_requests_total", MetricType.COUNTER, base, "code", "200", "handler", "/api/v1/query", "method", "get"),
            m.series("http_requests_total", MetricType.COUNTER, base, "code", "204", "handler", "/api/v1/write", "method", "post"),
            m.series("http_requests_total", MetricType.COUNTER, base, "code", "400", "handler", "/api/v1/query", "method", "get"),
            m.series("http_requests_total", MetricType.COUNTER, base, "code", "503", "handler", "/api/v1/write", "method", "post")},
            new double[] {rng.uniform(1e5, 1e7), rng.uniform(1e5, 1e7), rng.uniform(1e2, 1e4), rng.uniform(0, 1e3)},
            new double[] {20, 60, 0.3, 0.02}, true));
        g.add(gauge("go_goroutines", base, 20, 800, 0.01, 1));
        g.add(summary("go_gc_duration_seconds", base, new String[0], new double[] {0, 0.25, 0.5, 0.75, 1}, false,
                rng.uniform(0.05, 1), rng.logUniform(5e-5, 1e-3), 0.8));
        g.add(gauge("go_memstats_alloc_bytes", base, 5e6, 4e8, 0.01, 1));
        g.add(gauge("process_resident_memory_bytes", base, 3e7, 1e9, 0.002, 1));
        g.add(counter("process_cpu_seconds_total", base, false, rng.logUniform(0.01, 1), 86_400, new String[0]));
        g.add(gauge("go_threads", base, 8, 40, 0.01, 1));
        return g;
    }

    private Entity node(String nodeName, String nodeIp) {
        Entity e = new Entity(offset());
        String[] b = {"container", "node-exporter", "endpoint", "http-metrics", "instance", nodeIp + ":9100",
            "job", "node-exporter", "namespace", "monitoring", "node", nodeName, "pod", "node-exporter-" + rng.kube(5),
            "service", "node-exporter"};
        List<Group> g = new ArrayList<>();
        String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
        double[] modeShare = {0.62, 0.01, 0, 0.001, 0.006, 0.002, 0.09, 0.27};
        int cpus = 4;
        Series[] cpuSeries = new Series[cpus * modes.length];
        double[] rates = new double[cpuSeries.length];
        double[] initial = new double[cpuSeries.length];
        double uptime = rng.uniform(1e5, 5e6);
        for (int c = 0; c < cpus; c++) {
            for (int i = 0; i < modes.length; i++) {
                int k = c * modes.length + i;
                cpuSeries[k] = m.series("node_cpu_seconds_total", MetricType.COUNTER, b, "cpu", Integer.toString(c),
                        "mode", modes[i]);
                rates[k] = modeShare[i] * rng.uniform(0.5, 1.5);
                initial[k] = Math.rint(rates[k] * uptime * 100) / 100;
            }
        }
        g.add(new Group.Counter(cpuSeries, initial, rates, false));
        g.add(gauge("node_memory_MemAvailable_bytes", b, 1e9, 1.4e10, 0.003, 1));
        g.add(constant("node_memory_MemTotal_bytes", b, 16_496_328_704.0));
        g.add(gauge("node_load1", b, 0, 8, 0.05, 100));
        g.add(gauge("node_load5", b, 0, 8, 0.02, 100));
        g.add(gauge("node_load15", b, 0, 8, 0.01, 100));
        g.add(new Group.Gauge(new Series[] {
            m.series("node_filesystem_avail_bytes", MetricType.GAUGE, b, "device", "/dev/vda1", "fstype", "ext4", "mountpoint", "/"),
            m.series("node_filesystem_avail_bytes", MetricType.GAUGE, b, "device", "/dev/vdb", "fstype", "ext4",
                    "mountpoint", "/var/lib/container")},
            new double[] {rng.uniform(1e10, 3e10), rng.uniform(5e10, 1.5e11)}, 1e9, 2e11, 1e6, 1));
        g.add(new Group.Gauge(new Series[] {
            m.series("node_filesystem_size_bytes", MetricType.GAUGE, b, "device", "/dev/vda1", "fstype", "ext4", "mountpoint", "/"),
            m.series("node_filesystem_size_bytes", MetricType.GAUGE, b, "device", "/dev/vdb", "fstype", "ext4",
                    "mountpoint", "/var/lib/container")},
            new double[] {42_006_183_936.0, 210_304_475_136.0}, 0, 0, 0, 0));
        for (String dir : new String[] {"receive", "transmit"}) {
            g.add(new Group.Counter(new Series[] {
                m.series("node_network_" + dir + "_bytes_total", MetricType.COUNTER, b, "device", "eth0"),
                m.series("node_network_" + dir + "_bytes_total", MetricType.COUNTER, b, "device", "lo")},
                new double[] {rng.uniform(1e10, 1e12), rng.uniform(1e8, 1e10)},
                new double[] {rng.logUniform(1e4, 1e7), rng.logUniform(1e2, 1e5)}, true));
        }
        g.add(new Group.Counter(new Series[] {
            m.series("node_disk_io_time_seconds_total", MetricType.COUNTER, b, "device", "vda"),
            m.series("node_disk_io_time_seconds_total", MetricType.COUNTER, b, "device", "vdb")},
            new double[] {rng.uniform(1e3, 1e5), rng.uniform(1e3, 1e5)}, new double[] {0.02, 0.05}, false));
        g.add(constant("node_boot_time_seconds", b, Math.floor(m.config.startMillis() / 1000.0 - uptime)));
        g.add(gauge("kubelet_running_pods", concat(b), 6, 40, 0.02, 1));
        e.groups = g.toArray(new Group[0]);
        return e;
    }

    private Entity apiserver() {
        Entity e = new Entity(offset());
        String[] b = {"apiserver", "kube-apiserver", "endpoint", "https", "instance",
            apiserverPrefix + (1 + rng.nextInt(254)) + ":6443", "job", "apiserver", "namespace", "default",
            "service", "kubernetes"};
        List<Group> g = new ArrayList<>();
        String[][] admission = {
            {"name", "ResourceQuota", "operation", "CREATE", "rejected", "false", "type", "validate"},
            {"name", "MutatingAdmissionWebhook", "operation", "CREATE", "rejected", "false", "type", "admit"},
            {"name", "NamespaceLifecycle", "operation", "UPDATE", "rejected", "false", "type", "validate"},
            {"name", "PodSecurity", "operation", "CREATE", "rejected", "false", "type", "validate"}};
        g.add(histogram("apiserver_admission_controller_admission_duration_seconds", b, admission[0], ADMISSION_BUCKETS,
                false, rng.uniform(1, 10), rng.logUniform(1e-5, 1e-3), 1.2));
        String[][] requests = {
            {"resource", "pods", "scope", "namespace", "verb", "LIST", "code", "200"},
            {"resource", "pods", "scope", "resource", "verb", "GET", "code", "200"},
            {"resource", "configmaps", "scope", "namespace", "verb", "WATCH", "code", "200"},
            {"resource", "leases", "scope", "resource", "verb", "PUT", "code", "200"},
            {"resource", "events", "scope", "resource", "verb", "POST", "code", "201"},
            {"resource", "pods", "scope", "resource", "verb", "GET", "code", "404"},
            {"resource", "secrets", "scope", "resource", "verb", "GET", "code", "403"},
            {"resource", "nodes", "scope", "resource", "verb", "PATCH", "code", "200"},
            {"resource", "endpointslices", "scope", "namespace", "verb", "LIST", "code", "200"},
            {"resource", "deployments", "scope", "resource", "verb", "UPDATE", "code", "409"}};
        Series[] reqSeries = new Series[requests.length];
        double[] init = new double[requests.length];
        double[] rates = new double[requests.length];
        for (int i = 0; i < requests.length; i++) {
            reqSeries[i] = m.series("apiserver_request_total", MetricType.COUNTER, b, concat(requests[i],
                    "component", "apiserver", "dry_run", "", "group", "", "subresource", "", "version", "v1"));
            rates[i] = rng.logUniform(0.01, 50);
            init[i] = Math.rint(rates[i] * rng.uniform(1e5, 1e6));
        }
        g.add(new Group.Counter(reqSeries, init, rates, true));
        // the duration histogram has no code label: one per distinct resource/scope/verb
        for (int i : new int[] {0, 1, 2, 3, 4, 7}) {
            String[] r = Arrays.copyOf(requests[i], 6);
            g.add(histogram("apiserver_request_duration_seconds", b, concat(r, "component", "apiserver", "dry_run", "",
                    "group", "", "subresource", "", "version", "v1"), APISERVER_BUCKETS, false, rates[i],
                    rng.logUniform(0.002, 0.3), 1.1));
        }
        for (int i = 1; i < admission.length; i++) {
            g.add(histogram("apiserver_admission_controller_admission_duration_seconds", b, admission[i],
                    ADMISSION_BUCKETS, false, rng.uniform(1, 10), rng.logUniform(1e-5, 1e-3), 1.2));
        }
        g.add(new Group.Gauge(new Series[] {
            m.series("apiserver_current_inflight_requests", MetricType.GAUGE, b, "request_kind", "mutating"),
            m.series("apiserver_current_inflight_requests", MetricType.GAUGE, b, "request_kind", "readOnly")},
            new double[] {1, 4}, 0, 60, 1, 1));
        String[] resources = {"pods", "configmaps", "secrets", "events", "leases.coordination.k8s.io", "deployments.apps"};
        Series[] storage = new Series[resources.length];
        double[] counts = new double[resources.length];
        for (int i = 0; i < resources.length; i++) {
            storage[i] = m.series("apiserver_storage_objects", MetricType.GAUGE, b, "resource", resources[i]);
            counts[i] = Math.rint(rng.logUniform(20, 5000));
        }
        g.add(new Group.Gauge(storage, counts, 0, 100_000, 2, 1));
        for (String op : new String[] {"get", "list", "update"}) {
            g.add(histogram("etcd_request_duration_seconds", b, new String[] {"operation", op, "type", "*core.Pod"},
                    ETCD_BUCKETS, false, rng.uniform(1, 20), rng.logUniform(0.001, 0.02), 0.8));
        }
        e.groups = g.toArray(new Group[0]);
        return e;
    }

    /** Alibaba Cloud Monitor ECS metrics as the managed Prometheus exposes them. */
    private Entity ecs() {
        Entity e = new Entity(offset());
        String r = rng.chance(0.7) ? region : rng.pick(REGIONS);
        String prefix = r.equals("cn-beijing") ? "2ze" : r.equals("cn-hangzhou") ? "bp1" : "uf6";
        String[] b = {"instanceId", "i-" + prefix + rng.alnum(17), "instanceName", rng.pick(ECS_NAMES) + rng.digits(2),
            "job", "aliyun-cloud-monitor", "namespace", "acs_ecs_dashboard", "period", "60", "regionId", r,
            "userId", userId};
        List<Group> g = new ArrayList<>();
        g.add(gauge("AliyunEcs_CPUUtilization", b, 0, 100, 0.03, 100));
        g.add(gauge("AliyunEcs_memory_usedutilization", b, 5, 95, 0.005, 100));
        g.add(gauge("AliyunEcs_InternetInRate", b, 0, 5e7, 0.02, 1));
        g.add(gauge("AliyunEcs_InternetOutRate", b, 0, 5e7, 0.02, 1));
        g.add(gauge("AliyunEcs_IntranetInRate", b, 0, 1e9, 0.02, 1));
        g.add(gauge("AliyunEcs_IntranetOutRate", b, 0, 1e9, 0.02, 1));
        g.add(gauge("AliyunEcs_DiskReadBPS", b, 0, 2e8, 0.03, 1));
        g.add(gauge("AliyunEcs_DiskWriteBPS", b, 0, 2e8, 0.03, 1));
        g.add(gauge("AliyunEcs_DiskReadIOPS", b, 0, 5000, 0.03, 1));
        g.add(gauge("AliyunEcs_DiskWriteIOPS", b, 0, 5000, 0.03, 1));
        g.add(gauge("AliyunEcs_load_1m", b, 0, 16, 0.05, 100));
        g.add(gauge("AliyunEcs_diskusage_utilization", b, 1, 99, 0.001, 100, "device", "/dev/vda1"));
        e.groups = g.toArray(new Group[0]);
        return e;
    }

    // ---- group helpers ----

    private Group counter(String name, String[] base, boolean integral, double rate, double ageSeconds, String[] labels) {
        Series s = m.series(name, MetricType.COUNTER, base, labels);
        double initial = rate * ageSeconds * rng.uniform(0.2, 1.2);
        initial = integral ? Math.rint(initial) : Math.rint(initial * 1000) / 1000;
        return new Group.Counter(new Series[] {s}, new double[] {initial}, new double[] {rate}, integral);
    }

    private Group gauge(String name, String[] base, double lo, double hi, double stepFraction, double scale,
                        String... labels) {
        Series s = m.series(name, MetricType.GAUGE, base, labels);
        return new Group.Gauge(new Series[] {s}, new double[] {rng.uniform(lo, hi)}, lo, hi, (hi - lo) * stepFraction, scale);
    }

    private Group constant(String name, String[] base, double value, String... labels) {
        Series s = m.series(name, MetricType.GAUGE, base, labels);
        return new Group.Gauge(new Series[] {s}, new double[] {value}, value, value, 0, 0);
    }

    private Group histogram(String name, String[] base, String[] labels, double[] bounds, boolean javaLe, double rate,
                            double median, double sigma) {
        Series[] s = new Series[bounds.length + 3];
        for (int i = 0; i <= bounds.length; i++) {
            String le = i == bounds.length ? "+Inf" : javaLe ? Double.toString(bounds[i]) : goLabel(bounds[i]);
            s[i] = m.series(name + "_bucket", MetricType.HISTOGRAM, base, concat(labels, "le", le));
        }
        s[bounds.length + 1] = m.series(name + "_sum", MetricType.HISTOGRAM, base, labels);
        s[bounds.length + 2] = m.series(name + "_count", MetricType.HISTOGRAM, base, labels);
        return new Group.Histogram(s, bounds, rate, median, sigma);
    }

    private Group summary(String name, String[] base, String[] labels, double[] quantiles, boolean javaLabel,
                          double rate, double median, double sigma) {
        Series[] s = new Series[quantiles.length + 2];
        for (int i = 0; i < quantiles.length; i++) {
            String q = javaLabel ? Double.toString(quantiles[i]) : goLabel(quantiles[i]);
            s[i] = m.series(name, MetricType.SUMMARY, base, concat(labels, "quantile", q));
        }
        s[quantiles.length] = m.series(name + "_sum", MetricType.SUMMARY, base, labels);
        s[quantiles.length + 1] = m.series(name + "_count", MetricType.SUMMARY, base, labels);
        return new Group.Summary(s, quantiles, rate, median, sigma);
    }

    /** How client_golang prints a bucket bound or quantile in a label: {@code 1}, {@code 0.005}, {@code 2.5}. */
    static String goLabel(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
