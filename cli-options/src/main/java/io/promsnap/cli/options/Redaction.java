package io.promsnap.cli.options;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that keeps secrets out of what promsnap prints: client settings, error lines, the Kafka
 * client's own exception texts, summaries. Two layers:
 * <ul>
 *   <li>every secret value of a loaded client configuration is {@linkplain #register registered} (a
 *       property whose name says password or secret, {@code sasl.jaas.config} and every
 *       {@code *.jaas.config}, private keys and credentials, and the password inside a JAAS string), and
 *       {@link #redact(String)} replaces each occurrence of one, wherever it appears;</li>
 *   <li>{@link #redact(String)} also masks what looks like a secret whatever its value: {@code password="..."}
 *       in JAAS text and {@code name=value} / {@code name: value} pairs whose name is a secret's.</li>
 * </ul>
 * {@link KafkaClients}-style loaders call {@link #register(Properties)} once; printing code calls
 * {@link #redact(String)}, {@link #redacted(Properties)} or wraps its stream with {@link #wrap}.
 */
public final class Redaction {
    /** What a secret is replaced with (Kafka's own spelling for hidden config values). */
    public static final String MASK = "[hidden]";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s;\"]+)");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b([\\w.\\-]*(?:password|secret|jaas\\.config|credentials?|user\\.info|keystore\\.key)[\\w.\\-]*)(\\s*[=:]\\s*)"
            + "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,;}\\]\"]+)");

    private Redaction() {
    }

    /** Whether a client property of this name holds a secret. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.endsWith("jaas.config") || k.contains("credential")
                || k.endsWith("user.info") || k.equals("ssl.keystore.key") || k.endsWith(".private.key");
    }

    /** Registers every secret value of {@code props} (see the class comment); returns {@code props}. */
    public static Properties register(Properties props) {
        if (props == null) {
            return null;
        }
        List<String> found = new ArrayList<>();
        for (String k : props.stringPropertyNames()) {
            String v = props.getProperty(k);
            if (v == null || v.isBlank()) {
                continue;
            }
            if (isSecretKey(k)) {
                found.add(v);
                found.add(v.strip());
            }
            // a JAAS string in any property: its password, whatever the property is called
            Matcher m = JAAS_PASSWORD.matcher(v);
            while (m.find()) {
                String pw = m.group(2);
                if (pw.length() >= 2 && pw.startsWith("\"") && pw.endsWith("\"")) {
                    pw = pw.substring(1, pw.length() - 1);
                }
                found.add(pw);
            }
        }
        registerValues(found);
        return props;
    }

    /**
     * Registers secret values directly (e.g. a password typed in, or generated). Synchronized: two threads
     * registering at once must not publish a sorted list that lacks the other's value.
     */
    public static synchronized void registerValues(Iterable<String> values) {
        boolean changed = false;
        for (String v : values) {
            // a one- or two-character "secret" would mask half of every line; such a value is no secret anyway
            if (v != null && v.length() >= 3 && SECRETS.add(v)) {
                changed = true;
            }
        }
        if (changed) {
            List<String> l = new ArrayList<>(SECRETS);
            l.sort(Comparator.comparingInt(String::length).reversed());
            longestFirst = List.copyOf(l);
        }
    }

    /** {@code text} with every registered secret and every secret-looking pair masked; {@code null} stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        for (String secret : longestFirst) {
            if (s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
        }
        s = JAAS_PASSWORD.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(2).contains(MASK) ? mr.group()
                : mr.group(1) + (mr.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK)));
        String jaasDone = s;
        s = SECRET_PAIR.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(masked(jaasDone, mr.start(3)) ? mr.group()
                : mr.group(1) + mr.group(2) + MASK));
        return s;
    }

    /** Whether the value at {@code at} is already the mask (quoted or not). */
    private static boolean masked(String text, int at) {
        return text.startsWith(MASK, at) || text.startsWith("\"" + MASK, at);
    }

    /** A sorted copy of {@code props} for printing, every secret value replaced by {@link #MASK}. */
    public static Map<String, String> redacted(Properties props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k ->
                out.put(k, isSecretKey(k) ? MASK : redact(props.getProperty(k))));
        return out;
    }

    /**
     * A print stream that redacts each line before passing it on to {@code target}: the last guard for
     * what other code (a library's log line, an exception's text) prints. Only registered secrets are
     * looked for here, so output without a client configuration (say {@code decode}'s JSON) passes
     * unchanged and fast.
     */
    public static java.io.PrintStream wrap(java.io.PrintStream target) {
        // no autoflush: PrintStream's autoflush flushes after every write, which would cut a line (and a
        // secret in it) in two; whole lines go on at each newline, a partial one at an explicit flush
        return new java.io.PrintStream(new LineRedactingStream(target), false, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Only the registered values (no patterns): the cheap check for the stream guard. */
    static String redactRegistered(String text) {
        String s = text;
        for (String secret : longestFirst) {
            if (s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
        }
        return s;
    }

    static boolean anyRegistered() {
        return !longestFirst.isEmpty();
    }

    /** Buffers up to a newline (or a flush), redacts the line, writes it on. */
    private static final class LineRedactingStream extends java.io.OutputStream {
        private final java.io.PrintStream target;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);

        LineRedactingStream(java.io.PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (!anyRegistered() && line.size() == 0) {
                target.write(b, off, len); // nothing to hide: no copy, no decoding
                return;
            }
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i + 1 - start);
                    emit();
                    start = i + 1;
                }
            }
            line.write(b, start, off + len - start);
        }

        @Override
        public synchronized void flush() {
            emit();
            target.flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }

        private void emit() {
            if (line.size() == 0) {
                return;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            if (anyRegistered()) {
                String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                String r = redactRegistered(s);
                if (!r.equals(s)) {
                    bytes = r.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            target.write(bytes, 0, bytes.length);
        }
    }
}
