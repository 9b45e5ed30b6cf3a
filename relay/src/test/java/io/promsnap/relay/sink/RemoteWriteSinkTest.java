package io.promsnap.relay.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.promsnap.relay.RelaySample;
import io.promsnap.relay.Sink;
import io.promsnap.loadgen.cli.KafkaTestSupport;
import io.promsnap.relay.cli.RelayCommand;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote-write sink against the JDK's own HTTP server: headers it refuses, batching after a flush. */
@Timeout(60)
class RemoteWriteSinkTest {

    @Test
    void aHeaderTheHttpClientRefusesIsNamedUpFrontWithoutItsValue() {
        assertThat(RemoteWriteSink.refusedHeader(Map.of("X-Scope-OrgID", "tenant1", "Authorization", "Bearer t0ken")))
                .isNull();
        assertThat(RemoteWriteSink.refusedHeader(Map.of("Host", "s3cret-host"))).contains("'Host'")
                .doesNotContain("s3cret-host");
        assertThat(RemoteWriteSink.refusedHeader(Map.of("Connection", "close"))).contains("'Connection'");
        // the sink itself never starts a shard that would fail every send
        assertThatThrownBy(() -> new RemoteWriteSink(URI.create("http://127.0.0.1:1/"), Map.of("Host", "x"), null, 1, 10,
                Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Host'");
    }

    @Test
    void relayRefusesSuchAHeaderAsAUsageErrorBeforeConnecting() {
        KafkaTestSupport.Run r = KafkaTestSupport.run(new RelayCommand(), "--bootstrap-server", "127.0.0.1:1", "--topic", "t",
                "--to", "remote-write", "--url", "http://127.0.0.1:1/api/v1/write", "--header", "Host=s3cret-host");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--header").contains("'Host'").doesNotContain("s3cret-host")
                .as("refused before any broker was tried").doesNotContain("cannot connect");
    }

    /** After a flush (every rebalance calls one) the shards batch again: one request, not one per sample. */
    @Test
    void aFlushIsHonouredOnceAndBatchingResumes() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/api/v1/write", x -> {
            x.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        AtomicInteger delivered = new AtomicInteger();
        Sink.Delivery d = counting(delivered);
        RemoteWriteSink sink = new RemoteWriteSink(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write"), Map.of(), null, 1, 1000,
                Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(10), d);
        try {
            sink.accept(RelaySample.of("up", new String[] {"job", "a"}, 1, 1000));
            sink.flush();
            waitFor(() -> delivered.get() == 1);
            assertThat(requests.get()).isEqualTo(1);
            // 50 samples over ~250 ms, well inside the 2 s send deadline: one request, however often the queue empties
            for (int i = 0; i < 50; i++) {
                sink.accept(RelaySample.of("up", new String[] {"job", "b" + i}, i, 2000 + i));
                Thread.sleep(5);
            }
            waitFor(() -> delivered.get() == 51);
            assertThat(requests.get()).as("requests for 51 samples").isLessThanOrEqualTo(2);
        } finally {
            sink.close();
            server.stop(0);
        }
    }

    /** A retry says why: the receiver's status and body, or the kind of connection failure (never the URL's user info). */
    @Test
    void theReasonOfTheNewestRetryIsKept() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/api/v1/write", x -> {
            x.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() <= 2) {
                byte[] body = "overloaded,\n try later".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.sendResponseHeaders(503, body.length);
                x.getResponseBody().write(body);
            } else {
                x.sendResponseHeaders(204, -1);
            }
            x.close();
        });
        server.start();
        AtomicInteger delivered = new AtomicInteger();
        Sink.Delivery d = counting(delivered);
        RemoteWriteSink sink = new RemoteWriteSink(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write"), Map.of(), null, 1, 1000,
                Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10), d);
        try {
            assertThat(sink.lastRetryReason()).isNull();
            sink.accept(RelaySample.of("up", new String[] {"job", "a"}, 1, 1000));
            sink.flush();
            waitFor(() -> delivered.get() == 1);
            assertThat(sink.retries()).isEqualTo(2);
            assertThat(sink.lastRetryReason()).isEqualTo("HTTP 503: overloaded, try later");
        } finally {
            sink.close();
            server.stop(0);
        }

        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        RemoteWriteSink refused = new RemoteWriteSink(URI.create("http://relay:s3cret@127.0.0.1:" + closedPort + "/api/v1/write"),
                Map.of(), null, 1, 1000, Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(5), d);
        try {
            refused.accept(RelaySample.of("up", new String[] {"job", "a"}, 1, 1000));
            refused.flush();
            waitFor(() -> refused.retries() > 0 && refused.lastRetryReason() != null);
            assertThat(refused.lastRetryReason()).startsWith("ConnectException").doesNotContain("s3cret");
        } finally {
            refused.close();
        }
    }

    /** Counts deliveries; a rejection fails the test. */
    private static Sink.Delivery counting(AtomicInteger delivered) {
        return new Sink.Delivery() {
            @Override
            public void delivered(RelaySample s) {
                delivered.incrementAndGet();
            }

            @Override
            public void rejected(List<RelaySample> samples, String error) {
                throw new AssertionError(error);
            }
        };
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
