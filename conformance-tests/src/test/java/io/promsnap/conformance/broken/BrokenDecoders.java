package io.promsnap.conformance.broken;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeReport;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.SampleVisitor;
import io.promsnap.conformance.corpus.SnappyEncoder;
import io.promsnap.spi.PayloadDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Deliberately broken third-party decoders, for the runner's own test. They are <em>not</em> registered
 * in this module's services file (the golden suite would fail on them); the test packs a jar whose
 * services file names them and hands it to the runner with {@code --classpath}.
 */
public final class BrokenDecoders {
    private BrokenDecoders() {
    }

    /** The real decoder the broken ones wrap. */
    static PayloadDecoder delegate(DecoderConfig config) {
        return DecoderRegistry.getDefault().create("aircompressor+scanner", config);
    }

    /** Ignores escapes: keeps a string's raw text (backslashes and all), as a naive hand-written parser would. */
    public static final class IgnoresEscapes implements DecoderFactory {
        @Override
        public String name() {
            return "broken+ignores-escapes";
        }

        @Override
        public PayloadDecoder create(DecoderConfig config) {
            StagedDecoderFactory staged = (StagedDecoderFactory) DecoderRegistry.getDefault().get("aircompressor+scanner");
            PayloadDecompressor container = new PayloadDecompressor(staged.createBlockDecompressor(),
                    config.containerFormat(), config.limits());
            PayloadDecoder real = delegate(config.withContainerFormat(ContainerFormat.RAW));
            return new Wrapper(name(), config, real) {
                @Override
                public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
                    int n = container.decompress(payload, offset, length);
                    byte[] literal = keepEscapesLiterally(Arrays.copyOf(container.buffer(), n));
                    return real.decode(SnappyEncoder.compress(literal), visitor);
                }
            };
        }

        /** Inside strings, doubles each escape's backslash so that the real parser reads the escape's raw text. */
        static byte[] keepEscapesLiterally(byte[] json) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 16);
            boolean inString = false;
            for (int i = 0; i < json.length; i++) {
                byte b = json[i];
                if (inString && b == '\\' && i + 1 < json.length) {
                    byte next = json[++i];
                    out.write('\\');
                    out.write('\\');
                    if (next == '"' || next == '\\') {
                        out.write('\\');
                    }
                    out.write(next);
                    continue;
                }
                if (b == '"') {
                    inString = !inString;
                }
                out.write(b);
            }
            return out.toByteArray();
        }
    }

    /** Throws an ArrayIndexOutOfBoundsException on payloads shorter than 8 bytes. */
    public static final class CrashesOnShortPayloads implements DecoderFactory {
        @Override
        public String name() {
            return "broken+crashes-on-short-payloads";
        }

        @Override
        public PayloadDecoder create(DecoderConfig config) {
            PayloadDecoder real = delegate(config);
            return new Wrapper(name(), config, real) {
                @Override
                public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
                    if (length < 8) {
                        byte[] header = new byte[8];
                        System.arraycopy(payload, offset, header, 0, 8); // reads past the payload: AIOOBE
                    }
                    return real.decode(payload, offset, length, visitor);
                }
            };
        }
    }

    /** Never returns on an empty payload. */
    public static final class HangsOnEmptyPayloads implements DecoderFactory {
        @Override
        public String name() {
            return "broken+hangs-on-empty-payloads";
        }

        @Override
        public PayloadDecoder create(DecoderConfig config) {
            PayloadDecoder real = delegate(config);
            return new Wrapper(name(), config, real) {
                @Override
                public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
                    if (length == 0) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return real.decode(payload, offset, length, visitor);
                }
            };
        }
    }

    private abstract static class Wrapper implements PayloadDecoder {
        private final String name;
        private final DecoderConfig config;
        private final PayloadDecoder real;

        Wrapper(String name, DecoderConfig config, PayloadDecoder real) {
            this.name = name;
            this.config = config;
            this.real = real;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DecoderConfig config() {
            return config;
        }

        @Override
        public int decode(ByteBuffer payload, SampleVisitor visitor) {
            byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            return decode(copy, 0, copy.length, visitor);
        }

        @Override
        public DecodeReport lastReport() {
            return real.lastReport();
        }
    }
}
