package io.promsnap.bench;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.spi.StagedDecoderFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Names and creates every benchmark workload. Decoder rows are registry names (visitor API) and
 * {@code <name> (batch)} (convenience API); reference rows are:
 * <ul>
 *   <li>{@code seed-naive}: the vendor's consumer, {@code Snappy.uncompress} → {@code String} →
 *       {@code ObjectMapper.readTree} → {@code Double.parseDouble};</li>
 *   <li>{@code decompress-only:<lib>}: the library's raw block decompression into a reused buffer;</li>
 *   <li>{@code validate-only:utf8}: the shared UTF-8 check every decoder runs;</li>
 *   <li>{@code parse-only:<json>}: a decoder's JSON stage alone on already-decompressed bytes;</li>
 *   <li>{@code naive:<lib>+<json>}: the same library pair written the obvious way (Jackson
 *       {@code getText()}, DSL-JSON {@code readString} and {@code NumberConverter}) into a reused buffer.</li>
 * </ul>
 */
public final class Workloads {
    public static final String SEED_NAIVE = "seed-naive";
    public static final String BATCH_SUFFIX = " (batch)";
    /**
     * The compile-time {@code @Param} value of the benchmarks' {@code decoder} and {@code reference}: the
     * real values come from the registry at run time ({@code -p}), never from a list in the source.
     */
    public static final String FROM_REGISTRY = "from-registry";
    static final List<String> DECOMPRESSORS = List.of("snappy-java", "aircompressor");
    static final List<String> NAIVE_JSON = List.of("jackson", "dsl-json");

    private Workloads() {
    }

    /** The configuration decoders run with on this corpus (RAW for raw payloads, else AUTO). */
    public static DecoderConfig config(Corpus corpus) {
        return DecoderConfig.defaults().withContainerFormat(corpus.containerFormat());
    }

    /** Stops a benchmark whose parameter was not set at run time (see {@link #FROM_REGISTRY}). */
    static void requireSet(String param, String value) {
        if (FROM_REGISTRY.equals(value)) {
            throw new IllegalStateException("JMH parameter '" + param + "' was not set: run through 'promsnap bench' or "
                    + "pass -p " + param + "=NAME[,NAME...]; decoders here: " + decoders(DecoderRegistry.getDefault()));
        }
    }

    /** The decoders that can run here, by name. */
    public static List<String> decoders(DecoderRegistry registry) {
        return registry.available().stream().map(DecoderFactory::name).toList();
    }

    /** Every reference row that applies to a corpus of this kind, in report order. */
    public static List<String> references(DecoderRegistry registry, boolean rawCorpus) {
        List<String> out = new ArrayList<>();
        if (rawCorpus) {
            out.add(SEED_NAIVE);
            for (String d : DECOMPRESSORS) {
                out.add("decompress-only:" + d);
            }
        }
        out.add("validate-only:utf8");
        for (String j : jsonStages(registry)) {
            out.add("parse-only:" + j);
        }
        if (rawCorpus) {
            for (String d : DECOMPRESSORS) {
                for (String j : NAIVE_JSON) {
                    out.add("naive:" + d + "+" + j);
                }
            }
        }
        return out;
    }

    /** The JSON stages of the registered staged decoders (built-in and third-party), by name. */
    public static List<String> jsonStages(DecoderRegistry registry) {
        Set<String> out = new LinkedHashSet<>();
        for (DecoderFactory f : registry.available()) {
            if (f instanceof StagedDecoderFactory s) {
                out.add(s.jsonName());
            }
        }
        return List.copyOf(out);
    }

    /** A decoder row, visitor API. */
    public static Workload visitor(String decoder, Corpus corpus) {
        return visitor(decoder, corpus, io.promsnap.Selector.all());
    }

    /** A decoder row with a selector ({@code bench --match}): the same bytes, only the selected samples delivered. */
    public static Workload visitor(String decoder, Corpus corpus, io.promsnap.Selector selector) {
        return new DecoderWorkloads.Visitor(decoder,
                DecoderRegistry.getDefault().create(decoder, config(corpus).withSelector(selector)), corpus);
    }

    /** A decoder row, convenience API ({@code decodeBatch}). */
    public static Workload batch(String decoder, Corpus corpus) {
        return batch(decoder, corpus, io.promsnap.Selector.all());
    }

    public static Workload batch(String decoder, Corpus corpus, io.promsnap.Selector selector) {
        return new DecoderWorkloads.Batch(decoder + BATCH_SUFFIX,
                DecoderRegistry.getDefault().create(decoder, config(corpus).withSelector(selector)), corpus);
    }

    /** A reference row by name (see the class comment). */
    public static Workload reference(String name, Corpus corpus) {
        if (name.equals(SEED_NAIVE)) {
            return new References.SeedNaive(corpus);
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("unknown reference row '" + name + "'");
        }
        String kind = name.substring(0, colon);
        String arg = name.substring(colon + 1);
        return switch (kind) {
            case "decompress-only" -> new References.DecompressOnly(name, arg, corpus);
            case "validate-only" -> new References.ValidateOnly(name, corpus);
            case "parse-only" -> new References.ParseOnly(name, stage(arg), corpus);
            case "naive" -> {
                int plus = arg.indexOf('+');
                if (plus < 0) {
                    throw new IllegalArgumentException("naive row needs <decompressor>+<json>: " + name);
                }
                yield new References.NaivePair(name, arg.substring(0, plus), arg.substring(plus + 1), corpus);
            }
            default -> throw new IllegalArgumentException("unknown reference row '" + name + "'");
        };
    }

    private static StagedDecoderFactory stage(String jsonName) {
        for (DecoderFactory f : DecoderRegistry.getDefault().available()) {
            if (f instanceof StagedDecoderFactory s && s.jsonName().equals(jsonName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no available staged decoder has JSON stage '" + jsonName + "'");
    }

    /** Any row: a decoder name, {@code <decoder> (batch)}, or a reference name. */
    public static Workload create(String row, Corpus corpus) {
        if (row.endsWith(BATCH_SUFFIX)) {
            return batch(row.substring(0, row.length() - BATCH_SUFFIX.length()), corpus);
        }
        if (DecoderRegistry.getDefault().names().contains(row)) {
            return visitor(row, corpus);
        }
        return reference(row, corpus);
    }
}
