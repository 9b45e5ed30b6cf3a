package io.promsnap.loadgen.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.promsnap.cli.options.Converters;
import io.promsnap.loadgen.KafkaClients;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;

/** Kafka connection options shared by the client commands (this module's and relay's). */
public final class ClientOptions {
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", converter = Converters.BootstrapServers.class,
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "Kafka client properties file (e.g. security.protocol=SASL_SSL, sasl.jaas.config=...)")
    Path commandConfig;

    /** A usage error (exit 2) unless --bootstrap-server was given. */
    public void requireBootstrap(CommandSpec spec) {
        if (bootstrapServer == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--bootstrap-server=HOST:PORT'");
        }
    }

    /** The bootstrap servers given, or null. */
    public String bootstrapServer() {
        return bootstrapServer;
    }

    /** Defaults, then --command-config, then the overrides (see {@link KafkaClients}). */
    public Properties properties(List<String> overrides) throws IOException {
        return KafkaClients.properties(bootstrapServer, commandConfig, overrides == null ? new ArrayList<>() : overrides);
    }
}
