package io.promsnap.cli;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.jsonl.JsonLines;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Decode the bundled example corpus with every decoder and check that all agree.",
            "Exit 0 when every available decoder returns the same samples, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {
    static final String CORPUS = "/io/promsnap/cli/example-corpus/";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, byte[]> corpus = exampleCorpus();
        long bytes = corpus.values().stream().mapToLong(b -> b.length).sum();
        out.printf("Example corpus: %d payloads, %,d compressed bytes (raw, framed and snappy-java stream formats)%n%n",
                corpus.size(), bytes);
        out.printf("%-26s %-9s %9s %12s  %s%n", "DECODER", "RUNTIME", "SAMPLES", "JSON BYTES", "DIGEST OF CANONICAL OUTPUT");
        Map<String, String> digests = new LinkedHashMap<>();
        boolean failed = false;
        for (DecoderFactory f : DecoderRegistry.getDefault().all()) {
            DecoderFactory.Availability a = f.availability();
            if (!a.available()) {
                out.printf("%-26s %-9s %9s %12s  unavailable: %s%n", f.name(), f.pureJava() ? "java" : "jni", "-", "-", a.reason());
                continue;
            }
            PayloadDecoder d = f.create(DecoderConfig.defaults().withContainerFormat(ContainerFormat.AUTO));
            MessageDigest md = sha256();
            long samples = 0;
            long json = 0;
            try {
                for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
                    StringBuilder sb = new StringBuilder();
                    samples += d.decode(e.getValue(), s -> JsonLines.append(sb, s));
                    json += d.lastReport().jsonBytes();
                    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (PromsnapException e) {
                out.printf("%-26s %-9s FAILED: %s%n", f.name(), f.pureJava() ? "java" : "jni", e.getMessage());
                failed = true;
                continue;
            }
            String digest = HexFormat.of().formatHex(md.digest(), 0, 8);
            digests.put(f.name(), digest);
            out.printf("%-26s %-9s %9d %,12d  %s%n", f.name(), f.pureJava() ? "java" : "jni", samples, json, digest);
        }
        boolean agree = !digests.isEmpty() && digests.values().stream().distinct().count() == 1;
        out.println();
        if (agree && !failed) {
            out.printf("All %d available decoders agree on every sample.%n", digests.size());
        } else {
            out.printf("DECODERS DISAGREE or failed: %s%n", digests);
        }
        out.flush();
        return agree && !failed ? 0 : 1;
    }

    static Map<String, byte[]> exampleCorpus() {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        for (String name : resource(CORPUS + "INDEX").lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
            corpus.put(name, resourceBytes(CORPUS + name));
        }
        return corpus;
    }

    private static String resource(String path) {
        return new String(resourceBytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String path) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
