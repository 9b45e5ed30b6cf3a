package io.promsnap.decoders;

import io.promsnap.internal.text.Utf8Validator;
import io.promsnap.internal.text.VectorSupport;
import io.promsnap.scanner.ScannerJsonStage;

import java.util.List;

/**
 * How the built-in decoders run on this JVM, for listings and benchmark reports ({@code promsnap decoders},
 * the bench's environment table): which special-byte search the scanner uses and how the shared UTF-8 pass
 * runs. Read-only; nothing here changes what a decoder does.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** E.g. {@code "SWAR (...)"} or {@code "512-bit vectors (jdk.incubator.vector)"}. */
    public static String scannerSpecialByteSearch() {
        return ScannerJsonStage.specialByteSearch();
    }

    /** How every decoder's UTF-8 pass runs here. */
    public static String utf8Pass() {
        return Utf8Validator.usesVectors() ? VectorSupport.description() : "SWAR, eight bytes per step";
    }

    /** Both, as {@code name: value} lines. */
    public static List<String> lines() {
        return List.of("scanner special-byte search: " + scannerSpecialByteSearch(),
                "UTF-8 pass (every decoder): " + utf8Pass());
    }
}
