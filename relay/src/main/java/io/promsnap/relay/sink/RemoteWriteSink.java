package io.promsnap.relay.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.promsnap.relay.RelaySample;
import io.promsnap.relay.Sink;

/**
 * Prometheus Remote-Write 1.0 over {@link HttpClient}. {@code concurrency} shards, each a thread with its
 * own queue; a sample goes to shard {@code seriesHash mod concurrency}, so one series is always sent by one
 * shard, in order, one request at a time (as Prometheus' own queue manager does). A shard sends when it
 * has {@code maxSamplesPerSend} samples or when {@code sendDeadline} passed since its oldest one.
 * Retries, with exponential backoff and jitter bounded by {@code maxBackoff}, on connection errors, 5xx and
 * 429, until it succeeds or the sink is closed; never on another 4xx (rejected with the response body).
 */
public final class RemoteWriteSink implements Sink {
    /** Remote-Write 1.0's required headers. */
    static final Map<String, String> PROTOCOL_HEADERS = Map.of(
            "Content-Type", "application/x-protobuf",
            "Content-Encoding", "snappy",
            "X-Prometheus-Remote-Write-Version", "0.1.0");

    private final URI url;
    private final Map<String, String> headers;
    private final String authorization;
    private final int maxSamplesPerSend;
    private final Duration sendDeadline;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Delivery delivery;
    private final HttpClient http;
    private final Shard[] shards;
    private final AtomicLong retries = new AtomicLong();
    private volatile String lastRetryReason;
    private volatile boolean closed;

    /**
     * @param headers       extra headers ({@code --header}); the protocol's own cannot be overridden
     * @param basicAuth     "user:password" or null; never printed
     */
    public RemoteWriteSink(URI url, Map<String, String> headers, String basicAuth, int concurrency, int maxSamplesPerSend,
                           Duration sendDeadline, Duration minBackoff, Duration maxBackoff, Duration requestTimeout,
                           Delivery delivery) {
        this.url = url;
        this.headers = Map.copyOf(headers);
        String refused = refusedHeader(headers);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        this.authorization = basicAuth == null ? null : basicAuthorization(basicAuth);
        this.maxSamplesPerSend = maxSamplesPerSend;
        this.sendDeadline = sendDeadline;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
        this.delivery = delivery;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.shards = new Shard[concurrency];
        for (int i = 0; i < concurrency; i++) {
            shards[i] = new Shard(i);
            shards[i].thread.start();
        }
    }

    /** The Authorization header value for "user:password". */
    public static String basicAuthorization(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why the JDK's HTTP client would refuse one of these extra headers ({@code Host}, {@code Connection},
     * {@code Content-Length}, a bad name or value), or null when it takes them all. Asked before any thread
     * starts: a refused header would otherwise fail every request.
     */
    public static String refusedHeader(Map<String, String> headers) {
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                probe.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                // the value may be a token: name the header only
                return "the HTTP client refuses the header '" + h.getKey() + "' ("
                        + (e.getMessage() == null ? "restricted" : e.getMessage().replace(h.getValue(), "***")) + ")";
            }
        }
        return null;
    }

    @Override
    public void accept(RelaySample s) {
        shards[(int) Long.remainderUnsigned(s.seriesHash(), shards.length)].queue.add(s);
    }

    @Override
    public void flush() {
        for (Shard s : shards) {
            s.flushRequested = true;
        }
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public String lastRetryReason() {
        return lastRetryReason;
    }

    @Override
    public String describe() {
        // the URL without user info or query (either may hold a secret)
        String shown = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + url.getPath();
        return "remote-write " + shown + " (" + shards.length + " shard" + (shards.length == 1 ? "" : "s")
                + ", up to " + maxSamplesPerSend + " samples per request)";
    }

    @Override
    public void close() {
        closed = true;
        for (Shard s : shards) {
            s.thread.interrupt();
        }
        for (Shard s : shards) {
            try {
                s.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Shard implements Runnable {
        final LinkedBlockingQueue<RelaySample> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        final RemoteWriteEncoder encoder = new RemoteWriteEncoder();
        volatile boolean flushRequested;

        Shard(int i) {
            thread = new Thread(this, "promsnap-relay-shard-" + i);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            List<RelaySample> batch = new ArrayList<>(maxSamplesPerSend);
            try {
                while (!closed) {
                    RelaySample first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    long deadline = System.nanoTime() + sendDeadline.toNanos();
                    while (batch.size() < maxSamplesPerSend) {
                        queue.drainTo(batch, maxSamplesPerSend - batch.size());
                        long left = deadline - System.nanoTime();
                        if (batch.size() >= maxSamplesPerSend || left <= 0 || (flushRequested && queue.isEmpty())) {
                            break;
                        }
                        RelaySample next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
                        if (next != null) {
                            batch.add(next);
                        }
                    }
                    try {
                        send(batch);
                    } catch (RuntimeException e) {
                        // never let the shard die with samples in flight (the relay would wait for them forever):
                        // the batch is rejected, which dead-letters or fails it by --on-error, and the shard goes on
                        delivery.rejected(List.copyOf(batch), "cannot send " + batch.size() + " samples: " + e);
                    }
                    batch.clear();
                    if (queue.isEmpty()) {
                        flushRequested = false; // honoured: batch normally again until the next flush()
                    }
                }
            } catch (InterruptedException e) {
                // closed: what is unsent stays unacknowledged, so its messages are not committed
            }
        }

        private void send(List<RelaySample> batch) throws InterruptedException {
            byte[] body = encoder.encode(batch);
            HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(requestTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(rb::header);
            PROTOCOL_HEADERS.forEach(rb::setHeader);
            rb.setHeader("User-Agent", "promsnap-relay");
            if (authorization != null) {
                rb.setHeader("Authorization", authorization);
            }
            HttpRequest request = rb.build();
            for (int attempt = 0; ; attempt++) {
                if (closed) {
                    throw new InterruptedException("closed");
                }
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    int code = r.statusCode();
                    if (code / 100 == 2) {
                        for (RelaySample s : batch) {
                            delivery.delivered(s);
                        }
                        return;
                    }
                    if (code != 429 && code / 100 == 4) {
                        delivery.rejected(List.copyOf(batch), "HTTP " + code + " for " + batch.size() + " samples: "
                                + oneLine(r.body()));
                        return;
                    }
                    // 429 or 5xx: retried
                    lastRetryReason = "HTTP " + code + (r.body() == null || r.body().isBlank() ? "" : ": " + oneLine(r.body()));
                } catch (IOException e) {
                    // connection refused, reset, timed out: retried. The type says which; the message may
                    // hold the URL with its user info, so it is shown only when it does not
                    String m = e.getMessage();
                    lastRetryReason = e.getClass().getSimpleName()
                            + (m == null || m.isBlank() || m.contains(url.toString()) || m.contains("@") ? "" : ": " + oneLine(m));
                }
                retries.incrementAndGet();
                long cap = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(attempt, 20));
                // full jitter on the upper half: spread the shards' retries, never below half the step
                long sleep = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
                Thread.sleep(sleep);
            }
        }
    }

    static String oneLine(String body) {
        String s = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
