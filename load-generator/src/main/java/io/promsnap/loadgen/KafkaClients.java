package io.promsnap.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Builds Kafka client properties the way Kafka's own tools do: defaults, then --command-config, then -X style overrides. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * @param bootstrap     bootstrap servers (required)
     * @param commandConfig a client properties file (SASL_SSL etc.), or null
     * @param overrides     {@code key=value} strings, applied last
     */
    public static Properties properties(String bootstrap, Path commandConfig, List<String> overrides) throws IOException {
        Properties p = new Properties();
        if (commandConfig != null) {
            try (InputStream in = Files.newInputStream(commandConfig)) {
                p.load(in);
            }
        }
        if (bootstrap != null) {
            p.put("bootstrap.servers", bootstrap);
        }
        if (overrides != null) {
            for (String kv : overrides) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("property must look like key=value: '" + kv + "'");
                }
                p.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
            }
        }
        // from here on every secret of this configuration is masked in whatever promsnap prints
        return io.promsnap.cli.options.Redaction.register(p);
    }
}
