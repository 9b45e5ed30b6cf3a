package io.promsnap.decoders;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.scanner.ScannerJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+scanner}: name, description, {@code pureJava} and availability come from the two parts. */
public final class AircompressorScannerDecoderFactory extends StagedDecoderFactory {
    public AircompressorScannerDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, ScannerJsonStage.LIBRARY);
    }
}
