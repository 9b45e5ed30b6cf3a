package io.promsnap.cli.options;

import picocli.CommandLine.Option;

/** {@code --jvm PATH}: the java binary of forked JVMs, checked to be an executable file. */
public final class JvmOption {
    @Option(names = "--jvm", paramLabel = "PATH", converter = Converters.JavaBinary.class,
            description = "The java binary of the forked JVMs (e.g. a Java 25 JDK's bin/java). Default: this one.")
    String path;

    /** The binary given, or null for this JVM's. */
    public String path() {
        return path;
    }
}
