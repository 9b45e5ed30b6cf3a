package io.promsnap.dsljson;

import io.promsnap.internal.classpath.OptionalArtifacts;
import io.promsnap.spi.JsonStage;

/**
 * The {@code dsl-json} stage's descriptor, apart from {@link DslJsonStage} because dsl-json is an optional
 * dependency of decoder-core: this class refers to no DSL-JSON class (its constructor is a lambda, not
 * {@code DslJsonStage::new}, which would link the stage when this class initialises), so the factories can
 * name the decoder and report it unavailable where dsl-json is missing.
 */
public final class DslJsonLibrary {
    /** What the factories pair with a block decompressor; available when dsl-json is on the class path. */
    public static final JsonStage.Library LIBRARY = new JsonStage.Library("dsl-json",
            "DSL-JSON reader with promsnap's checks (dsl-json)",
            OptionalArtifacts.requires("com.dslplatform.json.DslJson", "dsl-json"),
            c -> new DslJsonStage(c));

    private DslJsonLibrary() {
    }
}
