package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.fail;

/** Runs a container and captures what it did: the bytes, or the PromsnapException. Nothing else is caught. */
record Outcomes(byte[] output, PromsnapException error) {

    static Outcomes run(BlockDecompressor d, ContainerFormat f, DecodeLimits limits, byte[] payload) {
        SnappyContainer c = new SnappyContainer(d::decompressBlock, f, limits);
        try {
            int n = c.decompress(payload, 0, payload.length);
            return new Outcomes(Arrays.copyOf(c.buffer(), n), null);
        } catch (PromsnapException e) {
            return new Outcomes(null, e);
        }
    }

    static PromsnapException failure(BlockDecompressor d, ContainerFormat f, DecodeLimits limits, byte[] payload) {
        Outcomes o = run(d, f, limits, payload);
        if (o.error == null) {
            fail("expected a PromsnapException, but decompressed " + o.output.length + " bytes");
        }
        return o.error;
    }

    /** What two decoders must agree on: the bytes, or category, region, offset and message. */
    String summary() {
        return error == null ? "ok " + Arrays.hashCode(output) + "/" + output.length : error.getMessage();
    }
}
