package io.promsnap.testing;

import io.promsnap.Sample;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test payloads written from a model (a list of {@link Sample}s), independently of any decoder: the JSON
 * writer here is deliberately simple and separate from the decoders' code, so that a test compares a
 * decoder against the model, never against another decoder's output.
 */
public final class Payloads {
    private Payloads() {
    }

    /** How the JSON text of a batch is spelled. */
    public record Style(boolean valuesAsStrings, boolean goSpelling, boolean pretty, boolean shuffleKeys,
                        boolean escapeNonAscii, boolean escapeSlash, long seed) {
        public static final Style SEED = new Style(true, false, false, false, false, false, 0);

        public Style with(long newSeed) {
            return new Style(valuesAsStrings, goSpelling, pretty, shuffleKeys, escapeNonAscii, escapeSlash, newSeed);
        }

        public static Style random(SplittableRandom r) {
            return new Style(r.nextBoolean(), r.nextBoolean(), r.nextInt(4) == 0, r.nextBoolean(), r.nextInt(4) == 0,
                    r.nextInt(4) == 0, r.nextLong());
        }
    }

    // ------------------------------------------------------------------ model

    private static final String[] NAMES = {
        "apiserver_admission_controller_admission_duration_seconds_bucket", "container_cpu_usage_seconds_total",
        "container_memory_working_set_bytes", "node_cpu_seconds_total", "kube_pod_status_phase",
        "http_server_requests_seconds_count", "jvm_memory_used_bytes", "AliyunEcs_CPUUtilization",
        "go_gc_duration_seconds", "up",
    };
    private static final String[] KEYS = {
        "instance", "pod", "namespace", "service", "job", "endpoint", "operation", "type", "rejected", "name", "le",
        "container", "image", "node", "cpu", "mode", "phase", "uri", "status", "method", "area", "id",
        "instanceId", "regionId", "userId", "quantile", "cluster", "app", "version", "zone",
    };

    /** A realistic batch: seed-like names and labels, some unicode and escapes, a few special values. */
    public static List<Sample> realistic(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>(n);
        long ts = 1698732988354L;
        for (int i = 0; i < n; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            int count = 6 + r.nextInt(10);
            for (int k = 0; k < count; k++) {
                labels.put(KEYS[r.nextInt(KEYS.length)], labelValue(r));
            }
            out.add(new Sample(NAMES[r.nextInt(NAMES.length)], labels, value(r), ts + r.nextInt(60_000) - 30_000));
        }
        return out;
    }

    /** Random samples with hostile strings (quotes, backslashes, control characters, astral planes). */
    public static List<Sample> hostile(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            int count = r.nextInt(8);
            for (int k = 0; k < count; k++) {
                String key = randomString(r, 1 + r.nextInt(12));
                if (key.equals("__name__") || key.equals("value") || key.equals("timestamp")) {
                    continue;
                }
                labels.put(key, randomString(r, r.nextInt(40)));
            }
            out.add(new Sample(randomString(r, 1 + r.nextInt(30)), labels, value(r), r.nextLong()));
        }
        return out;
    }

    static String labelValue(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> "kube-system/coredns-" + Long.toHexString(r.nextLong());
            case 1 -> "10.0." + r.nextInt(256) + "." + r.nextInt(256) + ":9100";
            case 2 -> "节点-" + r.nextInt(100);
            case 3 -> "say \"hi\" \\ " + r.nextInt(10);
            case 4 -> "";
            case 5 -> "2.5";
            case 6 -> "😀 emoji " + r.nextInt(5);
            default -> "value-" + r.nextInt(1000);
        };
    }

    static String randomString(SplittableRandom r, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/".charAt(r.nextInt(3)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x700)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
                default -> sb.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return sb.toString();
    }

    static double value(SplittableRandom r) {
        return switch (r.nextInt(16)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> r.nextDouble() * 1e-300;
            case 5 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
            case 6 -> r.nextInt(1_000_000);
            case 7 -> 1.5e9;
            default -> Math.round(r.nextDouble() * 1e6) / 100.0;
        };
    }

    // ------------------------------------------------------------------ JSON

    public static byte[] json(List<Sample> samples, Style style) {
        SplittableRandom r = new SplittableRandom(style.seed());
        StringBuilder sb = new StringBuilder(samples.size() * 256);
        String nl = style.pretty() ? "\n" : "";
        String ind = style.pretty() ? "  " : "";
        sb.append('[').append(nl);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {"__name__", quote(s.name(), style)});
            for (Map.Entry<String, String> e : s.labels().entrySet()) {
                fields.add(new String[] {e.getKey(), quote(e.getValue(), style)});
            }
            String v = spell(s.value(), style.goSpelling());
            boolean special = Double.isNaN(s.value()) || Double.isInfinite(s.value());
            fields.add(new String[] {"value", style.valuesAsStrings() || special ? quote(v, style) : v});
            String t = Long.toString(s.timestampMillis());
            fields.add(new String[] {"timestamp", style.valuesAsStrings() ? quote(t, style) : t});
            if (style.shuffleKeys()) {
                shuffleKeepingLabelOrder(fields, r);
            }
            sb.append(ind).append('{').append(nl);
            for (int f = 0; f < fields.size(); f++) {
                sb.append(ind).append(ind).append(quote(fields.get(f)[0], style)).append(style.pretty() ? ": " : ":")
                        .append(fields.get(f)[1]);
                sb.append(f + 1 < fields.size() ? "," : "").append(nl);
            }
            sb.append(ind).append('}').append(i + 1 < samples.size() ? "," : "").append(nl);
        }
        sb.append(']').append(nl);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Moves the three special keys to random places; labels keep their relative order (it is observable). */
    private static void shuffleKeepingLabelOrder(List<String[]> fields, SplittableRandom r) {
        List<String[]> special = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        for (String[] f : fields) {
            if (f[0].equals("__name__") || f[0].equals("value") || f[0].equals("timestamp")) {
                special.add(f);
            } else {
                labels.add(f);
            }
        }
        fields.clear();
        fields.addAll(labels);
        for (String[] s : special) {
            fields.add(r.nextInt(fields.size() + 1), s);
        }
    }

    /** Java: {@code Double.toString}. Go: {@code strconv.FormatFloat(v, 'g', -1, 64)} as Prometheus writes. */
    public static String spell(double v, boolean go) {
        if (!go) {
            return Double.toString(v);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // Go: shortest precision uses eprec = 6
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + d.abs().toPlainString();
    }

    static String quote(String s, Style style) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '/' && style.escapeSlash()) {
                sb.append("\\/");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || (c >= 0x80 && style.escapeNonAscii())) {
                sb.append(String.format(i % 2 == 0 ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ containers

    public static byte[] raw(byte[] json) {
        try {
            return Snappy.compress(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] framed(byte[] json) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new SnappyFramedOutputStream(bos)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    public static byte[] xerial(byte[] json) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new SnappyOutputStream(bos, 1024)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    public static byte[] raw(String json) {
        return raw(json.getBytes(StandardCharsets.UTF_8));
    }
}
