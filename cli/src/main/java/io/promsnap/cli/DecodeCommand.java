package io.promsnap.cli;

import io.promsnap.cli.options.ContainerOption;
import io.promsnap.cli.options.DecoderOption;
import io.promsnap.cli.options.MatchOption;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.jsonl.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode payload files (Kafka message values) to canonical JSON Lines, one sample a line:",
            "{\"name\":\"…\",\"labels\":{…},\"value\":675.0,\"timestamp\":1698732988354}",
            "Exit 0 when every file decoded, 1 when any was bad (one line on stderr each), 2 for usage errors."})
final class DecodeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    DecoderOption decoder = new DecoderOption();

    @picocli.CommandLine.Mixin
    ContainerOption container = new ContainerOption();

    @picocli.CommandLine.Mixin
    MatchOption match = new MatchOption();

    @Option(names = "--on-error", paramLabel = "POLICY", converter = PolicyConverter.class,
            description = "fail: a bad sample fails its file; skip: drop samples with schema errors and go on. Default: ${DEFAULT-VALUE}.")
    ErrorPolicy policy = ErrorPolicy.FAIL;

    static final class PolicyConverter implements picocli.CommandLine.ITypeConverter<ErrorPolicy> {
        @Override
        public ErrorPolicy convert(String value) {
            for (ErrorPolicy p : ErrorPolicy.values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
            StringBuilder allowed = new StringBuilder();
            for (ErrorPolicy p : ErrorPolicy.values()) {
                allowed.append(allowed.length() == 0 ? "" : " or ").append(p.name().toLowerCase(java.util.Locale.ROOT));
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected " + allowed);
        }
    }

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write <file-basename>.jsonl (or .error with the one-line error) per input instead of stdout; "
                    + "two inputs with the same base name are refused (exit 2) before anything is written.")
    Path outputDir;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Payload files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        DecoderConfig config = DecoderConfig.defaults().withContainerFormat(container.value()).withErrorPolicy(policy)
                .withSelector(match.selector());
        PayloadDecoder d = Options.decoder(spec, DecoderRegistry.getDefault(), decoder.name(), config);
        Map<Path, String> outputs = outputNames(files);
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        long maxInput = config.limits().maxDecompressedBytes();
        int bad = 0;
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        for (Path file : files) {
            String base = outputs.get(file);
            try {
                decodeOne(d, file, base, maxInput, stdout, err);
            } catch (PromsnapException e) {
                bad++;
                err.println(file + ": " + e.category() + " at byte " + e.offset() + " of " + e.region().label()
                        + ", sample " + e.sampleIndex() + ": " + e.reason());
                if (verbose) {
                    e.printStackTrace(err);
                }
                writeError(base, e.category() + " " + e.getMessage());
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // any failure is this file's, and the next files are still decoded
                bad++;
                String why = e instanceof OutOfMemoryError
                        ? "not enough heap to decode it (" + e.getMessage() + "); raise -Xmx"
                        : e instanceof IOException io ? "cannot read: " + describe(io) : "failed: " + e;
                err.println(file + ": " + why);
                if (verbose) {
                    e.printStackTrace(err);
                }
                writeError(base, "INPUT " + why);
            }
            err.flush();
        }
        stdout.flush();
        err.flush();
        return bad == 0 ? 0 : 1;
    }

    /**
     * Reads at most the input limit (checked against the size first, and again while reading, for devices
     * and pipes whose size is unknown), decodes with each sample written as it is decoded to a spool file,
     * and publishes the spool only when the whole file decoded: a bad file leaves no partial output.
     */
    private void decodeOne(PayloadDecoder d, Path file, String base, long maxInput, OutputStream stdout, PrintWriter err)
            throws IOException {
        byte[] payload = read(file, maxInput);
        Path dir = outputDir != null ? outputDir : null;
        Path spool = dir != null ? Files.createTempFile(dir, "." + base + ".", ".part")
                : Files.createTempFile("promsnap-decode-", ".jsonl"); // owner-only by default on POSIX
        try {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
                LineWriter lines = new LineWriter(o);
                d.decode(payload, 0, payload.length, lines);
                lines.rethrow();
            }
            payload = null; // let the input go before the output is copied
            for (PromsnapException s : d.lastReport().skipped()) {
                err.println(file + ": skipped sample " + s.sampleIndex() + ": " + s.getMessage());
            }
            if (dir != null) {
                Files.deleteIfExists(dir.resolve(base + ".error"));
                Files.move(spool, dir.resolve(base + ".jsonl"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.copy(spool, stdout);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static byte[] read(Path file, long maxInput) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        long size = Files.size(file);
        if (size > maxInput) {
            throw new IOException(size + " bytes is more than the input limit of " + maxInput + " bytes");
        }
        // the payload, its decompressed form and the decoder's buffers must fit together
        long heap = Runtime.getRuntime().maxMemory();
        long max = Math.min(maxInput, heap / 4);
        if (size > max) {
            throw new IOException(size + " bytes will not decode in this JVM's heap of " + heap / (1 << 20)
                    + " MiB; raise -Xmx");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // a device or pipe reports size 0: read in chunks (no doubling buffer) and stop past the limit
            List<byte[]> chunks = new java.util.ArrayList<>();
            long total = 0;
            while (true) {
                byte[] chunk = in.readNBytes(1 << 20);
                if (chunk.length == 0) {
                    break;
                }
                total += chunk.length;
                if (total > max) {
                    throw new IOException("more than " + max + " bytes (the input limit"
                            + (max < maxInput ? " for this heap; raise -Xmx" : "") + "); stopped reading");
                }
                chunks.add(chunk);
            }
            byte[] all = new byte[(int) total];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            return all;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void writeError(String base, String text) throws IOException {
        if (outputDir != null) {
            Files.deleteIfExists(outputDir.resolve(base + ".jsonl"));
            Files.writeString(outputDir.resolve(base + ".error"), text + "\n");
        }
    }

    /**
     * {@code <base name>.jsonl} per input. Two inputs with the same base name (c1/x.bin and c2/x.bin, or x.bin
     * and x.dat) would overwrite each other: that is refused before anything is written.
     */
    Map<Path, String> outputNames(List<Path> inputs) {
        Map<Path, String> names = new LinkedHashMap<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path p : inputs) {
            String base = baseName(p);
            Path other = byName.putIfAbsent(base, p);
            if (other != null && !other.equals(p)) {
                throw new ParameterException(spec.commandLine(), "FILE: " + other + " and " + p + " would both be written as "
                        + base + ".jsonl" + (outputDir != null ? " in --output-dir" : "") + "; rename one or decode them in two runs");
            }
            names.put(p, base);
        }
        return names;
    }

    static String baseName(Path file) {
        Path name = file.getFileName();
        String n = name == null ? file.toString() : name.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Writes each sample as one JSON line as soon as it is decoded; memory is one line. */
    private static final class LineWriter implements SampleVisitor {
        private final StringBuilder sb = new StringBuilder(512);
        private final OutputStream out;
        private IOException failure;

        LineWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onSample(SampleView sample) {
            if (failure != null) {
                return;
            }
            sb.setLength(0);
            JsonLines.append(sb, sample);
            try {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failure = e;
            }
        }

        void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
