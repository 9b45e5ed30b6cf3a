package io.promsnap.conformance.runner;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.conformance.corpus.Canonical;
import io.promsnap.conformance.corpus.CorpusCase;
import io.promsnap.conformance.runner.CaseResult.Outcome;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs corpus cases against a decoder. Each case is decoded twice, from the middle of a larger array
 * (garbage before and after: a decoder must read only its slice) and from a direct {@link ByteBuffer};
 * both must give the expected samples or the expected error category. One decoder instance per
 * configuration is reused across cases, as in production, so state leaking from payload to payload shows
 * up. Every case runs on a worker thread with a time limit: a hang is reported as a crash and the stuck
 * thread is abandoned (it is a daemon).
 */
public final class ConformanceRunner {
    private final Duration timeout;

    public ConformanceRunner(Duration timeout) {
        this.timeout = timeout;
    }

    public DecoderResult run(DecoderFactory factory, List<CorpusCase> cases) {
        String name;
        try {
            name = factory.name();
        } catch (Throwable t) {
            name = factory.getClass().getName();
        }
        DecoderFactory.Availability a;
        try {
            a = factory.availability();
        } catch (Throwable t) {
            a = DecoderFactory.Availability.unavailable("availability() threw " + t);
        }
        if (!a.available()) {
            return new DecoderResult(name, a.reason(), List.of());
        }
        List<CaseResult> results = new ArrayList<>(cases.size());
        Worker worker = new Worker(factory, name);
        try {
            for (CorpusCase c : cases) {
                results.add(worker.run(c));
            }
        } finally {
            worker.close();
        }
        return new DecoderResult(name, null, results);
    }

    /** A thread and the decoders it owns; replaced after a timeout. */
    private final class Worker {
        private final DecoderFactory factory;
        private final String name;
        private ExecutorService executor;
        private final Map<String, PayloadDecoder> decoders = new HashMap<>();

        Worker(DecoderFactory factory, String name) {
            this.factory = factory;
            this.name = name;
            this.executor = newExecutor();
        }

        private ExecutorService newExecutor() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "conformance-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        CaseResult run(CorpusCase c) {
            String expected = c.expectsError() ? c.expectedError() + ": " + c.reason()
                    : c.expectedSampleCount() + " samples" + (c.expectedSkipped() >= 0 ? ", " + c.expectedSkipped() + " skipped" : "");
            Future<CaseResult> f = executor.submit(() -> decodeBothWays(c, expected));
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                executor.shutdownNow();
                executor = newExecutor();
                decoders.clear(); // the stuck thread may still use them
                return new CaseResult(c.name(), c.expectation(), Outcome.CRASH, expected,
                        "no answer within " + timeout.toMillis() + " ms (hang)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                return new CaseResult(c.name(), c.expectation(), Outcome.CRASH, expected, describe(e.getCause()));
            }
        }

        private PayloadDecoder decoder(ContainerFormat format, ErrorPolicy policy) {
            return decoders.computeIfAbsent(format + "/" + policy, k -> factory.create(DecoderConfig.defaults()
                    .withContainerFormat(format).withErrorPolicy(policy)));
        }

        private CaseResult decodeBothWays(CorpusCase c, String expected) {
            String[] modes = {"array slice", "direct ByteBuffer"};
            for (int mode = 0; mode < 2; mode++) {
                String actual;
                Outcome outcome;
                try {
                    PayloadDecoder d = decoder(c.format(), c.policy());
                    Lines lines = new Lines();
                    byte[] p = c.payload();
                    if (mode == 0) {
                        byte[] padded = new byte[p.length + 14];
                        Arrays.fill(padded, (byte) '[');
                        System.arraycopy(p, 0, padded, 7, p.length);
                        d.decode(padded, 7, p.length, lines);
                    } else {
                        ByteBuffer direct = ByteBuffer.allocateDirect(p.length);
                        direct.put(p).flip();
                        d.decode(direct, lines);
                    }
                    String got = lines.sb.toString();
                    long skipped = d.lastReport().skippedCount();
                    if (c.expectsError()) {
                        outcome = Outcome.MISSED_ERROR;
                        actual = "decoded " + lines.count + " samples";
                    } else if (!got.equals(c.expectedLines())) {
                        outcome = Outcome.WRONG_OUTPUT;
                        actual = firstDifference(c.expectedLines(), got);
                    } else if (c.expectedSkipped() >= 0 && skipped != c.expectedSkipped()) {
                        outcome = Outcome.WRONG_OUTPUT;
                        actual = "right samples but " + skipped + " skipped";
                    } else {
                        continue;
                    }
                } catch (PromsnapException e) {
                    if (c.expectsError() && e.category() == c.expectedError()) {
                        continue;
                    }
                    outcome = Outcome.WRONG_KIND;
                    actual = e.category() + ": " + oneLine(e.getMessage());
                } catch (Throwable t) {
                    if (t instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    decoders.clear(); // a crashed decoder's state is unknown
                    outcome = Outcome.CRASH;
                    actual = describe(t);
                }
                return new CaseResult(c.name(), c.expectation(), outcome, expected, "[" + modes[mode] + "] " + actual);
            }
            return new CaseResult(c.name(), c.expectation(), Outcome.PASSED, expected, "");
        }

        void close() {
            executor.shutdownNow();
            for (PayloadDecoder d : decoders.values()) {
                try {
                    d.close();
                } catch (Throwable ignored) {
                    // closing is best effort; the results are already recorded
                }
            }
        }
    }

    private static final class Lines implements SampleVisitor {
        final StringBuilder sb = new StringBuilder();
        int count;

        @Override
        public void onSample(SampleView sample) {
            sb.append(Canonical.line(sample)).append('\n');
            count++;
        }
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(oneLine(t.getMessage()));
        }
        StackTraceElement[] st = t.getStackTrace();
        if (st.length > 0) {
            sb.append(" at ").append(st[0]);
        }
        return sb.toString();
    }

    static String oneLine(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    /** Up to 60 characters either side of position k, so the difference is visible in one line. */
    private static String around(String s, int k) {
        int from = Math.max(0, k - 60);
        int to = Math.min(s.length(), k + 60);
        return (from > 0 ? "…" : "") + s.substring(from, to) + (to < s.length() ? "…" : "");
    }

    /** "line 3: expected {…} but got {…}" or a sample count difference. */
    static String firstDifference(String expected, String actual) {
        String[] e = expected.isEmpty() ? new String[0] : expected.split("\n", -1);
        String[] a = actual.isEmpty() ? new String[0] : actual.split("\n", -1);
        int ne = e.length == 0 ? 0 : e.length - 1;
        int na = a.length == 0 ? 0 : a.length - 1;
        for (int i = 0; i < Math.min(ne, na); i++) {
            if (!e[i].equals(a[i])) {
                int k = 0;
                while (k < e[i].length() && k < a[i].length() && e[i].charAt(k) == a[i].charAt(k)) {
                    k++;
                }
                return "sample " + i + " differs at character " + k + ": expected " + around(e[i], k) + " but got "
                        + around(a[i], k);
            }
        }
        return "expected " + ne + " samples but got " + na;
    }
}
