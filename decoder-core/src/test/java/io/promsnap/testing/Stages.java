package io.promsnap.testing;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.spi.JsonStage;
import io.promsnap.spi.StagedDecoderFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON stages every stage suite runs: one per JSON stage name among the registry's staged decoders
 * ({@code aircompressor+jackson} and {@code snappy-java+jackson} share the {@code jackson} stage), so a new
 * stage is tested by registering a decoder that uses it. A stage needs no native library, so it is
 * tested even where its decoders' block decompressor is unavailable.
 */
public final class Stages {
    private Stages() {
    }

    /** JSON stage name → a factory that creates that stage, in name order. */
    public static Map<String, Function<DecoderConfig, JsonStage>> all() {
        Map<String, Function<DecoderConfig, JsonStage>> out = new TreeMap<>();
        for (DecoderFactory f : DecoderRegistry.getDefault().all()) {
            if (f instanceof StagedDecoderFactory s) {
                out.putIfAbsent(s.jsonName(), s::createJsonStage);
            }
        }
        return out;
    }

    /**
     * The stage names the stage suite runs: all, or those listed in the system property
     * {@code promsnap.stages} (comma-separated; the vector test execution runs only the stage it changes).
     */
    public static List<String> names() {
        String only = System.getProperty("promsnap.stages", "");
        List<String> all = List.copyOf(all().keySet());
        if (only.isBlank()) {
            return all;
        }
        List<String> wanted = List.of(only.split(","));
        if (!all.containsAll(wanted)) {
            throw new IllegalArgumentException("promsnap.stages=" + only + " names an unknown stage; known: " + all);
        }
        return wanted;
    }

    /** A new stage of this name; {@link IllegalArgumentException} listing the known names otherwise. */
    public static JsonStage create(String jsonName, DecoderConfig config) {
        Function<DecoderConfig, JsonStage> f = all().get(jsonName);
        if (f == null) {
            throw new IllegalArgumentException("no registered decoder has JSON stage '" + jsonName + "'; known: " + names());
        }
        return f.apply(config);
    }
}
