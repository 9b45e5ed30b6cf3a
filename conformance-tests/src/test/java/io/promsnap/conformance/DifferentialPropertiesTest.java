package io.promsnap.conformance;

import io.promsnap.ContainerFormat;
import io.promsnap.PayloadDecoder;
import io.promsnap.conformance.corpus.Canonical;
import io.promsnap.conformance.corpus.Containers;
import io.promsnap.conformance.corpus.JsonSpeller;
import io.promsnap.conformance.corpus.ModelSample;
import io.promsnap.conformance.corpus.SnappyEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random valid batches (random label sets, any Unicode, every escape form, whitespace, key orders, every
 * value spelling), compressed by snappy-java, aircompressor and this module's own encoder with random
 * element shapes, raw, framed and snappy-java-stream: every available decoder must return exactly the
 * model's samples, and so agree with every other decoder.
 */
class DifferentialPropertiesTest {
    /** Who compressed the payload, and into which container. */
    enum Packing { RAW_SNAPPY_JAVA, RAW_AIRCOMPRESSOR, RAW_OWN, FRAMED_SNAPPY_JAVA, FRAMED_AIRCOMPRESSOR, FRAMED_OWN,
        XERIAL_SNAPPY_JAVA, XERIAL_OWN }

    private final Map<ContainerFormat, List<PayloadDecoder>> decoders = new EnumMap<>(ContainerFormat.class);

    private List<PayloadDecoder> decoders(ContainerFormat f) {
        return decoders.computeIfAbsent(f, Verdicts::decoders);
    }

    @AfterProperty
    void close() {
        decoders.values().forEach(l -> l.forEach(PayloadDecoder::close));
    }

    @Property(tries = 300)
    void everyDecoderReturnsTheModel(@ForAll("batches") List<ModelSample> batch, @ForAll JsonSpeller.Numbers numbers,
                                     @ForAll JsonSpeller.KeyOrder order, @ForAll JsonSpeller.Space space,
                                     @ForAll JsonSpeller.Escapes escapes, @ForAll long seed, @ForAll Packing packing,
                                     @ForAll("shapes") SnappyEncoder.Shape shape, @ForAll boolean auto) {
        byte[] json = JsonSpeller.json(batch, new JsonSpeller.Style(numbers, order, space, escapes, seed));
        byte[] payload = pack(json, packing, shape, seed);
        ContainerFormat format = auto ? ContainerFormat.AUTO : switch (packing) {
            case RAW_SNAPPY_JAVA, RAW_AIRCOMPRESSOR, RAW_OWN -> ContainerFormat.RAW;
            case FRAMED_SNAPPY_JAVA, FRAMED_AIRCOMPRESSOR, FRAMED_OWN -> ContainerFormat.FRAMED;
            default -> ContainerFormat.XERIAL;
        };
        String expected = "ok\n" + Canonical.lines(batch);
        for (PayloadDecoder d : decoders(format)) {
            assertThat(Verdicts.verdict(d, payload)).as("%s, %s via %s", d.name(), format, packing).isEqualTo(expected);
        }
    }

    static byte[] pack(byte[] json, Packing packing, SnappyEncoder.Shape shape, long seed) {
        int chunk = 1 + (int) Math.floorMod(seed, 5000L);
        try {
            return switch (packing) {
                case RAW_SNAPPY_JAVA -> org.xerial.snappy.Snappy.compress(json);
                case RAW_AIRCOMPRESSOR -> {
                    var c = new io.airlift.compress.snappy.SnappyCompressor();
                    byte[] out = new byte[c.maxCompressedLength(json.length)];
                    yield java.util.Arrays.copyOf(out, c.compress(json, 0, json.length, out, 0, out.length));
                }
                case RAW_OWN -> SnappyEncoder.compress(json, shape);
                case FRAMED_SNAPPY_JAVA -> stream(json, new ByteArrayOutputStream(), 0);
                case FRAMED_AIRCOMPRESSOR -> stream(json, new ByteArrayOutputStream(), 1);
                case FRAMED_OWN -> Containers.Framed.of(json, Math.min(chunk, 65_536), shape);
                case XERIAL_SNAPPY_JAVA -> stream(json, new ByteArrayOutputStream(), 2);
                case XERIAL_OWN -> Containers.Xerial.of(json, chunk, shape);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] stream(byte[] json, ByteArrayOutputStream bos, int kind) throws IOException {
        try (OutputStream out = switch (kind) {
            case 0 -> new org.xerial.snappy.SnappyFramedOutputStream(bos);
            case 1 -> new io.airlift.compress.snappy.SnappyFramedOutputStream(bos);
            default -> new org.xerial.snappy.SnappyOutputStream(bos, 1024);
        }) {
            out.write(json);
        }
        return bos.toByteArray();
    }

    // ------------------------------------------------------------------ arbitraries

    @Provide
    Arbitrary<SnappyEncoder.Shape> shapes() {
        return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.of(SnappyEncoder.CopyWidth.class),
                Arbitraries.integers().between(4, 64), Arbitraries.integers().between(1, 200), Arbitraries.of(false, false, true))
                .as(SnappyEncoder.Shape::new);
    }

    @Provide
    Arbitrary<List<ModelSample>> batches() {
        return sample().list().ofMinSize(0).ofMaxSize(25);
    }

    static Arbitrary<ModelSample> sample() {
        Arbitrary<List<Tuple.Tuple2<String, String>>> labels = Combinators.combine(text(), text()).as(Tuple::of)
                .list().ofMaxSize(12);
        return Combinators.combine(text(), labels, values(), timestamps()).as((name, ls, v, t) -> {
            List<ModelSample.Label> unique = new ArrayList<>();
            Set<String> seen = new HashSet<>(List.of("__name__", "value", "timestamp"));
            for (Tuple.Tuple2<String, String> l : ls) {
                if (seen.add(l.get1())) {
                    unique.add(new ModelSample.Label(l.get1(), l.get2()));
                }
            }
            return new ModelSample(name, unique, v, t);
        });
    }

    /** Strings of any Unicode scalar values, biased to ASCII, JSON's special characters and label-like text. */
    static Arbitrary<String> text() {
        Arbitrary<Integer> cp = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', (int) '/', 0, 0x1F, (int) '\n', (int) '\t', 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)));
        Arbitrary<String> any = cp.list().ofMaxSize(24).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::appendCodePoint);
            return sb.toString();
        });
        return Arbitraries.frequencyOf(Tuple.of(4, any),
                Tuple.of(1, Arbitraries.of("", "job", "instance", "le", "+Inf", "NaN", "节点-1", "kube-system/coredns", "😀")),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars('_', '-', '.', ':').ofMaxLength(60)));
    }

    static Arbitrary<Double> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles()),
                Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 675.0, 1.5e9, 1e-5, 0.1)),
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
                Tuple.of(2, Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0)));
    }

    static Arbitrary<Long> timestamps() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs()),
                Tuple.of(3, Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L)),
                Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)));
    }
}
