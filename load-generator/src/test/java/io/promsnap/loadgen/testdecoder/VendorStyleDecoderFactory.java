package io.promsnap.loadgen.testdecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.DecodeReport;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.spi.ReportWriter;
import io.promsnap.spi.SampleWriter;
import io.promsnap.SampleVisitor;
import org.xerial.snappy.Snappy;

/**
 * A decoder for this module's tests only, written the way the vendor's sample consumer reads a message
 * ({@code Snappy.uncompress} then a JSON tree): an independent decoder that the consume tests can compare
 * the real ones with, and the example of a third-party decoder built on the SPI's {@code SampleWriter} and
 * {@code ReportWriter}. Registered through test resources, which the test-jar leaves out.
 */
public final class VendorStyleDecoderFactory implements DecoderFactory {
    public static final String NAME = "test-vendor-style";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PayloadDecoder create(DecoderConfig config) {
        return new Decoder(config);
    }

    private static final class Decoder implements PayloadDecoder {
        private final DecoderConfig config;
        private final ReportWriter report = new ReportWriter();
        private final SampleWriter view = new SampleWriter();

        Decoder(DecoderConfig config) {
            this.config = config;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public DecoderConfig config() {
            return config;
        }

        @Override
        public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
            report.reset(length);
            byte[] json;
            try {
                json = Snappy.uncompress(Arrays.copyOfRange(payload, offset, offset + length));
            } catch (IOException | RuntimeException e) {
                throw PromsnapException.compression(0, "not a raw Snappy block: " + e.getMessage());
            }
            JsonNode root;
            try {
                root = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw PromsnapException.syntax(-1, -1, "invalid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw PromsnapException.syntax(-1, -1, e.toString());
            }
            if (root == null || !root.isArray()) {
                throw PromsnapException.schema(0, -1, "top level is not an array");
            }
            int n = 0;
            for (JsonNode el : root) {
                if (!el.isObject()) {
                    throw PromsnapException.schema(-1, n, "element is not an object");
                }
                view.begin(n);
                boolean name = false;
                boolean value = false;
                boolean ts = false;
                for (Iterator<Map.Entry<String, JsonNode>> it = el.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String text = f.getValue().isValueNode() ? f.getValue().asText() : null;
                    switch (f.getKey()) {
                        case "__name__" -> {
                            byte[] b = text.getBytes(StandardCharsets.UTF_8);
                            view.setName(b, 0, b.length);
                            name = true;
                        }
                        case "value" -> {
                            view.setValue(switch (text) {
                                case "+Inf" -> Double.POSITIVE_INFINITY;
                                case "-Inf" -> Double.NEGATIVE_INFINITY;
                                default -> Double.parseDouble(text);
                            });
                            value = true;
                        }
                        case "timestamp" -> {
                            view.setTimestampMillis(Long.parseLong(text));
                            ts = true;
                        }
                        default -> {
                            byte[] k = f.getKey().getBytes(StandardCharsets.UTF_8);
                            byte[] v = text.getBytes(StandardCharsets.UTF_8);
                            view.addLabel(k, 0, k.length, v, 0, v.length);
                        }
                    }
                }
                if (!name || !value || !ts) {
                    throw PromsnapException.schema(-1, n, "missing __name__/value/timestamp");
                }
                visitor.onSample(view.view());
                report.addSample();
                n++;
            }
            report.setJsonBytes(json.length);
            return n;
        }

        @Override
        public int decode(ByteBuffer payload, SampleVisitor visitor) {
            byte[] b = new byte[payload.remaining()];
            payload.duplicate().get(b);
            return decode(b, 0, b.length, visitor);
        }

        @Override
        public DecodeReport lastReport() {
            return report.report();
        }
    }
}
