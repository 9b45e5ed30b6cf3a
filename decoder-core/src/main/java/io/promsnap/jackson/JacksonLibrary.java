package io.promsnap.jackson;

import io.promsnap.internal.classpath.OptionalArtifacts;
import io.promsnap.spi.JsonStage;

/**
 * The {@code jackson} stage's descriptor, apart from {@link JacksonJsonStage} because jackson-core is an
 * optional dependency of decoder-core: this class refers to no Jackson class (its constructor is a lambda,
 * not {@code JacksonJsonStage::new}, which would link the stage when this class initialises), so the
 * factories can name the decoder and report it unavailable where jackson-core is missing.
 */
public final class JacksonLibrary {
    /** What the factories pair with a block decompressor; available when jackson-core is on the class path. */
    public static final JsonStage.Library LIBRARY = new JsonStage.Library("jackson",
            "Jackson streaming JSON (jackson-core)",
            OptionalArtifacts.requires("com.fasterxml.jackson.core.JsonFactory", "jackson-core"),
            c -> new JacksonJsonStage(c));

    private JacksonLibrary() {
    }
}
