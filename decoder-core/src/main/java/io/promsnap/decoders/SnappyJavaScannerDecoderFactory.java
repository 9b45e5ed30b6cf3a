package io.promsnap.decoders;

import io.promsnap.scanner.ScannerJsonStage;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+scanner}: name, description and {@code pureJava} come from the two parts. */
public final class SnappyJavaScannerDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaScannerDecoderFactory() {
        super(SnappyJavaBlockDecompressor.LIBRARY, ScannerJsonStage::new);
    }
}
