package io.promsnap.spi;

import io.promsnap.DecodeReport;
import io.promsnap.DecoderConfig;
import io.promsnap.PayloadDecoder;
import io.promsnap.SampleVisitor;
import io.promsnap.snappy.SnappyContainer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A decoder made of the three shared stages every built-in decoder runs in the same order: container
 * and Snappy block ({@link SnappyContainer} + a {@link BlockDecompressor}), UTF-8 validation
 * ({@link Utf8Validator}), then a {@link JsonStage}. Sharing the order is what makes every decoder
 * report the same error for the same bad payload. Not thread-safe; buffers are kept between payloads.
 */
public final class StagedDecoder implements PayloadDecoder {
    private final String name;
    private final DecoderConfig config;
    private final SnappyContainer container;
    private final JsonStage json;
    private final DecodeReport report = new DecodeReport();
    private byte[] inputCopy = new byte[0];

    public StagedDecoder(DecoderConfig config, BlockDecompressor block, JsonStage json) {
        this.name = block.name() + "+" + json.name();
        this.config = Objects.requireNonNull(config, "config");
        this.container = new SnappyContainer(block, config.containerFormat(), config.limits());
        this.json = json;
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
    public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(visitor, "visitor");
        Objects.checkFromIndexSize(offset, length, payload.length);
        report.reset(length);
        int n = container.decompress(payload, offset, length);
        report.setJsonBytes(n);
        byte[] buf = container.buffer();
        boolean controls = Utf8Validator.validateDetectingControls(buf, 0, n);
        return json.parse(buf, 0, n, visitor, report, controls);
    }

    @Override
    public int decode(ByteBuffer payload, SampleVisitor visitor) {
        Objects.requireNonNull(payload, "payload");
        int len = payload.remaining();
        if (payload.hasArray()) {
            return decode(payload.array(), payload.arrayOffset() + payload.position(), len, visitor);
        }
        // Direct and read-only buffers hide their array: copy the compressed bytes (small next to the JSON
        // they expand to) into a reused array; the JSON views still point into the decompressed buffer.
        if (inputCopy.length < len) {
            inputCopy = new byte[Math.max(len, inputCopy.length * 3 / 2)];
        }
        payload.duplicate().get(inputCopy, 0, len);
        return decode(inputCopy, 0, len, visitor);
    }

    @Override
    public DecodeReport lastReport() {
        return report;
    }

    @Override
    public String toString() {
        return name;
    }
}
