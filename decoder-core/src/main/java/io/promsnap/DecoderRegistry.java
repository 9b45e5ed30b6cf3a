package io.promsnap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every {@link DecoderFactory} found by {@link ServiceLoader}, by name. A provider that fails to load
 * (a broken third-party jar) is listed as unavailable with the reason instead of breaking the registry.
 * Immutable and thread-safe.
 */
public final class DecoderRegistry {
    private final Map<String, DecoderFactory> factories;
    private final List<String> loadErrors;

    private DecoderRegistry(Map<String, DecoderFactory> factories, List<String> loadErrors) {
        this.factories = Collections.unmodifiableMap(factories);
        this.loadErrors = List.copyOf(loadErrors);
    }

    private static volatile DecoderRegistry defaultRegistry;

    /** The registry of this library's class loader (cached). */
    public static DecoderRegistry getDefault() {
        DecoderRegistry r = defaultRegistry;
        if (r == null) {
            r = load(DecoderRegistry.class.getClassLoader());
            defaultRegistry = r;
        }
        return r;
    }

    /** A registry of the factories visible to {@code loader} (e.g. one that sees a third-party jar). */
    public static DecoderRegistry load(ClassLoader loader) {
        Map<String, DecoderFactory> map = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        Iterator<DecoderFactory> it = ServiceLoader.load(DecoderFactory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                DecoderFactory f = it.next();
                DecoderFactory old = map.putIfAbsent(f.name(), f);
                if (old != null && old.getClass() != f.getClass()) {
                    errors.add("decoder name " + f.name() + " is registered twice: " + old.getClass().getName()
                            + " and " + f.getClass().getName() + "; keeping the first");
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                errors.add(String.valueOf(e.getMessage()));
            }
        }
        return new DecoderRegistry(map, errors);
    }

    /** Every registered factory, sorted by name, available or not. */
    public List<DecoderFactory> all() {
        return List.copyOf(factories.values());
    }

    /** The factories that can run here, sorted by name. */
    public List<DecoderFactory> available() {
        List<DecoderFactory> out = new ArrayList<>();
        for (DecoderFactory f : factories.values()) {
            if (f.availability().available()) {
                out.add(f);
            }
        }
        return out;
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** Providers that could not be loaded, as messages. */
    public List<String> loadErrors() {
        return loadErrors;
    }

    /** The factory of this name; {@link IllegalArgumentException} listing the known names otherwise. */
    public DecoderFactory get(String name) {
        DecoderFactory f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown decoder '" + name + "'; known: " + String.join(", ", names()));
        }
        return f;
    }

    /** A new decoder of this name; {@link IllegalStateException} with the reason when it cannot run here. */
    public PayloadDecoder create(String name, DecoderConfig config) {
        DecoderFactory f = get(name);
        DecoderFactory.Availability a = f.availability();
        if (!a.available()) {
            throw new IllegalStateException("decoder " + name + " is unavailable here: " + a.reason());
        }
        return newDecoder(f, config);
    }

    /**
     * A new decoder of {@code factory} for {@code config}, with {@link DecoderConfig#selector()} applied
     * even when the factory does not apply it itself ({@link DecoderFactory#selects()} is {@code false}):
     * its decoder is wrapped so that only selected samples reach the visitor and the others are counted
     * in {@link DecodeReport#unselectedCount()}.
     */
    public static PayloadDecoder newDecoder(DecoderFactory factory, DecoderConfig config) {
        PayloadDecoder d = factory.create(config);
        if (config.selector().isAll() || factory.selects()) {
            return d;
        }
        return new SelectingDecoder(d, config.selector());
    }
}
