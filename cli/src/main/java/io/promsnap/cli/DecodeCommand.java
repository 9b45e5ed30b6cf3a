package io.promsnap.cli;

import io.promsnap.ContainerFormat;
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
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode payload files (Kafka message values) to canonical JSON Lines, one sample a line:",
            "{\"name\":\"…\",\"labels\":{…},\"value\":675.0,\"timestamp\":1698732988354}",
            "Exit 0 when every file decoded, 1 when any was bad (one line on stderr each), 2 for usage errors."})
final class DecodeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--decoder", paramLabel = "NAME", description = "Decoder (see 'promsnap decoders'). Default: ${DEFAULT-VALUE}.")
    String decoder = "aircompressor+scanner";

    @Option(names = "--format", paramLabel = "FORMAT", description = "Container: raw, framed, xerial or auto. Default: ${DEFAULT-VALUE}.")
    String format = "raw";

    @Option(names = "--on-error", paramLabel = "POLICY",
            description = "fail: a bad sample fails its file; skip: drop samples with schema errors and go on. Default: ${DEFAULT-VALUE}.")
    String policy = "fail";

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write <file-basename>.jsonl (or .error with the one-line error) per input instead of stdout.")
    Path outputDir;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Payload files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        DecoderConfig config = DecoderConfig.defaults()
                .withContainerFormat(Options.enumValue(spec, ContainerFormat.class, "--format", format))
                .withErrorPolicy(Options.enumValue(spec, ErrorPolicy.class, "--on-error", policy));
        PayloadDecoder d = Options.decoder(spec, DecoderRegistry.getDefault(), decoder, config);
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        int bad = 0;
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        for (Path file : files) {
            String base = baseName(file);
            byte[] payload;
            try {
                payload = Files.readAllBytes(file);
            } catch (IOException e) {
                bad++;
                err.println(file + ": cannot read: " + e);
                continue;
            }
            LineWriter lines = new LineWriter();
            try {
                d.decode(payload, 0, payload.length, lines);
            } catch (PromsnapException e) {
                bad++;
                String line = file + ": " + e.category() + " at byte " + e.offset() + " of " + e.region().label()
                        + ", sample " + e.sampleIndex() + ": " + e.reason();
                err.println(line);
                if (verbose) {
                    e.printStackTrace(err);
                }
                if (outputDir != null) {
                    Files.deleteIfExists(outputDir.resolve(base + ".jsonl"));
                    Files.writeString(outputDir.resolve(base + ".error"), e.category() + " " + e.getMessage() + "\n");
                }
                continue;
            }
            for (PromsnapException s : d.lastReport().skipped()) {
                err.println(file + ": skipped sample " + s.sampleIndex() + ": " + s.getMessage());
            }
            byte[] out = lines.sb.toString().getBytes(StandardCharsets.UTF_8);
            if (outputDir != null) {
                Files.deleteIfExists(outputDir.resolve(base + ".error"));
                Files.write(outputDir.resolve(base + ".jsonl"), out);
            } else {
                stdout.write(out);
            }
        }
        stdout.flush();
        err.flush();
        return bad == 0 ? 0 : 1;
    }

    static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Collects lines only after the whole payload decoded, so a bad file writes no partial output. */
    private static final class LineWriter implements SampleVisitor {
        final StringBuilder sb = new StringBuilder(1 << 12);

        @Override
        public void onSample(SampleView sample) {
            JsonLines.append(sb, sample);
        }
    }
}
