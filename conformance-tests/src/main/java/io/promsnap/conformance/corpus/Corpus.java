package io.promsnap.conformance.corpus;

import io.promsnap.ContainerFormat;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads and writes a corpus directory:
 * <pre>
 * INDEX                      one line per case: name TAB format TAB policy TAB description ('#' lines are comments)
 * &lt;case&gt;.bin                 the payload (a Kafka message value)
 * &lt;case&gt;.expected.jsonl      canonical JSON Lines the decoder must produce, or
 * &lt;case&gt;.error               "CATEGORY: one-line reason" of the PromsnapException it must throw
 * &lt;case&gt;.skipped             (optional, policy skip) the number of samples that must be dropped
 * </pre>
 * A directory without INDEX is read too: every {@code *.bin} with an expectation file is a case, decoded
 * with {@code auto} (or the format named by a {@code .raw}/{@code .framed}/{@code .xerial} name suffix)
 * and {@code fail}.
 */
public final class Corpus {
    /** Where the bundled corpus lives on the class path. */
    public static final String BUNDLED = "/io/promsnap/conformance/corpus/";
    public static final String INDEX = "INDEX";

    private Corpus() {
    }

    /** The corpus shipped in this jar. */
    public static List<CorpusCase> bundled() {
        return read(name -> {
            try (InputStream in = Corpus.class.getResourceAsStream(BUNDLED + name)) {
                return in == null ? null : in.readAllBytes();
            }
        }, null);
    }

    /** A corpus directory in the layout above. */
    public static List<CorpusCase> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a corpus directory: " + dir);
        }
        return read(name -> {
            Path p = dir.resolve(name);
            return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        }, dir);
    }

    private interface Source {
        byte[] get(String name) throws IOException;
    }

    private static List<CorpusCase> read(Source src, Path dirForListing) {
        try {
            byte[] index = src.get(INDEX);
            List<String[]> rows = new ArrayList<>();
            if (index != null) {
                for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t", 4);
                    if (f.length < 3) {
                        throw new IllegalArgumentException("bad INDEX line (name TAB format TAB policy TAB description): " + line);
                    }
                    rows.add(new String[] {f[0], f[1], f[2], f.length > 3 ? f[3] : ""});
                }
            } else if (dirForListing != null) {
                try (Stream<Path> files = Files.list(dirForListing)) {
                    for (Path p : files.sorted().toList()) {
                        String file = p.getFileName().toString();
                        if (file.endsWith(".bin")) {
                            String name = file.substring(0, file.length() - 4);
                            rows.add(new String[] {name, formatFromName(name), "fail", ""});
                        }
                    }
                }
            } else {
                throw new IllegalStateException("the bundled corpus has no INDEX");
            }
            List<CorpusCase> cases = new ArrayList<>();
            for (String[] r : rows) {
                cases.add(readCase(src, r[0], r[1], r[2], r[3]));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String formatFromName(String name) {
        for (String f : new String[] {"raw", "framed", "xerial"}) {
            if (name.endsWith("." + f)) {
                return f;
            }
        }
        return "auto";
    }

    private static CorpusCase readCase(Source src, String name, String format, String policy, String description)
            throws IOException {
        byte[] payload = src.get(name + ".bin");
        if (payload == null) {
            throw new IllegalArgumentException("case " + name + ": " + name + ".bin is missing");
        }
        byte[] expected = src.get(name + ".expected.jsonl");
        byte[] error = src.get(name + ".error");
        byte[] skipped = src.get(name + ".skipped");
        if ((expected == null) == (error == null)) {
            throw new IllegalArgumentException("case " + name + " needs exactly one of " + name + ".expected.jsonl and "
                    + name + ".error");
        }
        ErrorCategory category = null;
        String reason = null;
        if (error != null) {
            String line = new String(error, StandardCharsets.UTF_8).strip();
            int colon = line.indexOf(':');
            String cat = colon < 0 ? line : line.substring(0, colon);
            try {
                category = ErrorCategory.valueOf(cat.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("case " + name + ": " + name + ".error must start with one of "
                        + List.of(ErrorCategory.values()) + ", got: " + line);
            }
            reason = colon < 0 ? "" : line.substring(colon + 1).strip();
        }
        return new CorpusCase(name.matches("[a-z0-9][a-z0-9-]*") ? name : sanitize(name),
                ContainerFormat.valueOf(format.toUpperCase(Locale.ROOT)), ErrorPolicy.valueOf(policy.toUpperCase(Locale.ROOT)),
                description, payload, expected == null ? null : new String(expected, StandardCharsets.UTF_8), category,
                reason, skipped == null ? -1 : Long.parseLong(new String(skipped, StandardCharsets.UTF_8).strip()));
    }

    /** Third-party corpora may use any file name; case names are kept readable but made kebab-case. */
    private static String sanitize(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
        return s.isEmpty() ? "case" : s;
    }

    /** Writes cases into {@code dir} (which must be empty or hold only a corpus): INDEX first, then the files. */
    public static void write(Path dir, List<CorpusCase> cases, String header) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder(header);
        for (CorpusCase c : cases) {
            index.append(c.name()).append('\t').append(c.format().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(c.policy().name().toLowerCase(Locale.ROOT)).append('\t').append(c.description()).append('\n');
            Files.write(dir.resolve(c.name() + ".bin"), c.payload());
            if (c.expectsError()) {
                Files.writeString(dir.resolve(c.name() + ".error"), c.expectedError() + ": " + c.reason() + "\n");
            } else {
                Files.writeString(dir.resolve(c.name() + ".expected.jsonl"), c.expectedLines());
            }
            if (c.expectedSkipped() >= 0) {
                Files.writeString(dir.resolve(c.name() + ".skipped"), c.expectedSkipped() + "\n");
            }
        }
        Files.writeString(dir.resolve(INDEX), index.toString());
    }
}
