package io.promsnap.decoders;

import io.promsnap.scanner.ScannerJsonStage;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+scanner}: snappy-java (JNI) decompression and promsnap's schema-specialised scanner. */
public final class SnappyJavaScannerDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaScannerDecoderFactory() {
        super("snappy-java", "scanner", "snappy-java (JNI) Snappy, promsnap schema-specialised scanner", false,
                SnappyJavaBlockDecompressor::availability, SnappyJavaBlockDecompressor::new, ScannerJsonStage::new);
    }
}
