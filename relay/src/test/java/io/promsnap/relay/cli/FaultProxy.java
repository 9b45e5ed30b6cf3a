package io.promsnap.relay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.relay.internal.prompb.Remote.TimeSeries;
import io.promsnap.relay.internal.prompb.Remote.WriteRequest;

/**
 * A small HTTP proxy in front of the real Prometheus that injects faults by request number (1-based):
 * forward, answer without forwarding, or forward and then answer an error anyway (the receiver stored
 * it, the relay is told it failed). Counts the samples it forwarded, to account for duplicates.
 */
final class FaultProxy implements AutoCloseable {
    enum Action { FORWARD, FAIL_500, FORWARD_THEN_500, REJECT_400 }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI target;
    private final IntFunction<Action> plan;
    private final AtomicInteger requests = new AtomicInteger();
    final AtomicLong forwardedSamples = new AtomicLong();
    final AtomicLong forwardedThenFailedSamples = new AtomicLong();
    final AtomicLong rejectedSamples = new AtomicLong();
    volatile long delayMillis;

    FaultProxy(String targetUrl, IntFunction<Action> plan) throws IOException {
        this.target = URI.create(targetUrl);
        this.plan = plan;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            int n = requests.incrementAndGet();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Action a = plan.apply(n);
            int samples = samples(body);
            switch (a) {
                case FAIL_500 -> reply(ex, 500, "injected failure before forwarding");
                case REJECT_400 -> {
                    rejectedSamples.addAndGet(samples);
                    reply(ex, 400, "injected rejection: bad request number " + n);
                }
                case FORWARD, FORWARD_THEN_500 -> {
                    HttpRequest.Builder rb = HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .timeout(Duration.ofSeconds(30));
                    for (String h : List.of("Content-Type", "Content-Encoding", "X-Prometheus-Remote-Write-Version")) {
                        String v = ex.getRequestHeaders().getFirst(h);
                        if (v != null) {
                            rb.header(h, v);
                        }
                    }
                    HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) {
                        forwardedSamples.addAndGet(samples);
                    }
                    if (a == Action.FORWARD_THEN_500 && r.statusCode() / 100 == 2) {
                        forwardedThenFailedSamples.addAndGet(samples);
                        reply(ex, 500, "injected failure after forwarding");
                    } else {
                        reply(ex, r.statusCode(), r.body());
                    }
                }
            }
        } catch (Exception e) {
            reply(ex, 502, "proxy: " + e);
        }
    }

    private static void reply(HttpExchange ex, int code, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    /** Samples in a request body: Snappy block, then the WriteRequest. */
    static int samples(byte[] body) throws IOException {
        SnappyDecompressor d = new SnappyDecompressor();
        int len = SnappyDecompressor.getUncompressedLength(body, 0);
        byte[] raw = new byte[len];
        d.decompress(body, 0, body.length, raw, 0, len);
        int n = 0;
        for (TimeSeries ts : WriteRequest.parseFrom(raw).getTimeseriesList()) {
            n += ts.getSamplesCount();
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
