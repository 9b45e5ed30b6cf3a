import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.scanner.ScannerJsonStage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One side of the in-process A/B: loaded once per jar, in its own class loader. */
public final class AbRun {
    static final class Sink implements SampleVisitor {
        long sum;
        long samples;

        @Override
        public void onSample(SampleView s) {
            sum += s.name().length() + s.labelCount() + (long) s.value() + s.timestampMillis();
            for (int i = 0; i < s.labelCount(); i++) {
                sum += s.labelKey(i).length() + s.labelValue(i).length();
            }
            samples++;
        }
    }

    private static byte[][] payloads;
    private static byte[][] jsons;
    private static PayloadDecoder decoder;
    private static ScannerJsonStage stage;
    private static final Sink sink = new Sink();
    private static final io.airlift.compress.snappy.SnappyDecompressor air = new io.airlift.compress.snappy.SnappyDecompressor();
    private static final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    private static byte[] out = new byte[8 << 20];

    public static void init(String dir, String decoderName) throws Exception {
        List<byte[]> p = new ArrayList<>();
        try (var s = Files.list(Path.of(dir))) {
            for (Path f : s.sorted().toList()) {
                if (f.toString().endsWith(".snappy")) {
                    p.add(Files.readAllBytes(f));
                }
            }
        }
        payloads = p.toArray(new byte[0][]);
        jsons = new byte[payloads.length][];
        for (int i = 0; i < payloads.length; i++) {
            jsons[i] = org.xerial.snappy.Snappy.uncompress(payloads[i]);
        }
        decoder = DecoderRegistry.getDefault().create(decoderName, DecoderConfig.defaults());
        stage = new ScannerJsonStage();
    }

    /** Runs whole corpus passes for about {@code nanos} of this thread's CPU time; returns samples per CPU second. mode 0 decoder, 1 parse-only. */
    public static double run(int mode, long nanos) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        long n0 = sink.samples;
        long t;
        do {
            if (mode == 0) {
                for (byte[] p : payloads) {
                    decoder.decode(p, sink);
                }
            } else if (mode == 1) {
                for (byte[] j : jsons) {
                    stage.parse(j, 0, j.length, sink);
                }
            } else if (mode == 2) {
                for (int i = 0; i < payloads.length; i++) {
                    byte[] p = payloads[i];
                    int n = air.decompress(p, 0, p.length, out, 0, out.length);
                    sink.sum += out[n - 1];
                    sink.samples += 1000;
                }
            } else {
                try {
                    for (byte[] p : payloads) {
                        String text = new String(org.xerial.snappy.Snappy.uncompress(p), java.nio.charset.StandardCharsets.UTF_8);
                        com.fasterxml.jackson.databind.JsonNode arr = mapper.readTree(text);
                        for (com.fasterxml.jackson.databind.JsonNode e : arr) {
                            var it = e.fields();
                            while (it.hasNext()) {
                                var f = it.next();
                                String k = f.getKey();
                                String v = f.getValue().asText();
                                if (k.equals("value")) {
                                    sink.sum += (long) Double.parseDouble(v);
                                } else if (k.equals("timestamp")) {
                                    sink.sum += Long.parseLong(v);
                                } else {
                                    sink.sum += k.length() + v.length();
                                }
                            }
                            sink.samples++;
                        }
                    }
                } catch (java.io.IOException ex) {
                    throw new RuntimeException(ex);
                }
            }
            t = mx.getCurrentThreadCpuTime();
        } while (t - t0 < nanos);
        return (sink.samples - n0) * 1e9 / (t - t0);
    }

    public static long checksum() {
        return sink.sum;
    }
}
