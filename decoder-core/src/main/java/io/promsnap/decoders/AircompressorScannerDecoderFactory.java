package io.promsnap.decoders;

import io.promsnap.DecoderFactory.Availability;
import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.scanner.ScannerJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+scanner}: pure-Java decompression and promsnap's schema-specialised scanner. */
public final class AircompressorScannerDecoderFactory extends StagedDecoderFactory {
    public AircompressorScannerDecoderFactory() {
        super("aircompressor", "scanner", "aircompressor (pure Java) Snappy, promsnap schema-specialised scanner", true,
                () -> Availability.AVAILABLE, AircompressorBlockDecompressor::new, ScannerJsonStage::new);
    }
}
