package io.promsnap.relay.cli;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.relay.cli.RelayTestSupport.Point;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (the {@code prometheus} binary, Debian's package) started by the test on
 * 127.0.0.1 with a temporary data directory and the remote-write receiver on; stoppable and restartable
 * on the same port and data. The configuration scrapes nothing (only relayed samples are in it) and
 * accepts out-of-order samples within a day: an at-least-once relay re-sends samples older than the
 * newest of their series after a restart, and a series may span partitions of the delivery topic.
 */
final class PrometheusServer implements AutoCloseable {
    static final String INSTALL_HINT = "prometheus is not installed here: 'apt-get install -y prometheus' (Debian/Ubuntu) "
            + "or put a prometheus 2.x binary on PATH to run the remote-write tests against a real Prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final String binary;
    /** The Authorization header of the test's own requests when the server requires basic authentication. */
    private String authorization;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(String binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one, or skips the test (one line saying what to install) when there is no binary. */
    static PrometheusServer start(Path dir) throws Exception {
        String binary = find();
        Assumptions.assumeTrue(binary != null, INSTALL_HINT);
        PrometheusServer p = new PrometheusServer(binary, dir, freePort());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1h
                storage:
                  tsdb:
                    out_of_order_time_window: 1d
                """);
        p.start();
        return p;
    }

    /**
     * Starts one that requires HTTP basic authentication on every endpoint, the remote-write receiver
     * included (Prometheus' {@code --web.config.file} with {@code basic_auth_users}; the password is given as
     * its bcrypt hash, as Prometheus requires).
     */
    static PrometheusServer startWithBasicAuth(Path dir, String user, String password, String bcryptHash) throws Exception {
        String binary = find();
        Assumptions.assumeTrue(binary != null, INSTALL_HINT);
        PrometheusServer p = new PrometheusServer(binary, dir, freePort());
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
        Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  " + user + ": " + bcryptHash + "\n");
        p.authorization = io.promsnap.relay.sink.RemoteWriteSink.basicAuthorization(user + ":" + password);
        p.start();
        return p;
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    static String find() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(d, "prometheus");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    synchronized void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=warn");
        if (authorization != null) {
            pb.command().add("--web.config.file=" + dir.resolve("web.yml"));
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = http.send(request(base() + "/-/ready")
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready in 60 s: " + Files.readString(dir.resolve("prometheus.log")));
    }

    /** SIGTERM, and wait for it to exit. */
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String writeUrl() {
        return base() + "/api/v1/write";
    }

    /**
     * Every stored sample (raw, through an instant query of a range selector over all series) whose
     * timestamp lies in (from, to] milliseconds.
     */
    List<Point> readBack(long fromMillis, long toMillis) throws Exception {
        long rangeMs = toMillis - fromMillis;
        String q = "{__name__=~\".+\"}[" + rangeMs + "ms]";
        String url = base() + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", toMillis / 1000.0);
        HttpResponse<String> r = http.send(request(url).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("query failed: HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode root = JSON.readTree(r.body());
        List<Point> out = new ArrayList<>();
        for (JsonNode series : root.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            series.get("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = labels.remove("__name__");
            for (JsonNode v : series.get("values")) {
                long ts = Math.round(v.get(0).asDouble() * 1000);
                out.add(new Point(name, labels, parse(v.get(1).asText()), ts));
            }
        }
        return out;
    }

    /** Prometheus' JSON spelling of a float. */
    static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
