package io.promsnap.decoders;

import io.promsnap.scanner.ScannerJsonStage;
import io.promsnap.snappyjava.SnappyJavaLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+scanner}: name, description, {@code pureJava} and availability come from the two parts. */
public final class SnappyJavaScannerDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaScannerDecoderFactory() {
        super(SnappyJavaLibrary.LIBRARY, ScannerJsonStage.LIBRARY);
    }
}
