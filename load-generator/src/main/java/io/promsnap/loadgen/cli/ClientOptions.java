package io.promsnap.loadgen.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.promsnap.loadgen.KafkaClients;
import picocli.CommandLine.Option;

/** Kafka connection options shared by the client commands. */
public final class ClientOptions {
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties file (e.g. security.protocol=SASL_SSL, sasl.jaas.config=...)")
    Path commandConfig;

    Properties properties(List<String> overrides) throws IOException {
        return KafkaClients.properties(bootstrapServer, commandConfig, overrides == null ? new ArrayList<>() : overrides);
    }
}
