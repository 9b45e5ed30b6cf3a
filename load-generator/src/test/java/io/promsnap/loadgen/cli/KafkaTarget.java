package io.promsnap.loadgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The cluster an end-to-end suite runs against, as a user would name it on the command line: bootstrap
 * servers and an optional client properties file ({@code --command-config}).
 *
 * @param name            what it is (embedded, testcontainers, external), for messages
 * @param bootstrap       HOST:PORT[,HOST:PORT...]
 * @param commandConfig   client properties (SASL_SSL etc.), or null
 */
record KafkaTarget(String name, String bootstrap, Path commandConfig) {

    /** {@code -Dpromsnap.test.bootstrap=HOST:PORT} (and {@code -Dpromsnap.test.command-config=FILE}), or null. */
    static KafkaTarget external() {
        String b = System.getProperty("promsnap.test.bootstrap");
        if (b == null || b.isBlank()) {
            return null;
        }
        String cfg = System.getProperty("promsnap.test.command-config");
        return new KafkaTarget("external cluster " + b, b.strip(), cfg == null || cfg.isBlank() ? null : Path.of(cfg));
    }

    /** The flags every client command takes for this cluster. */
    List<String> clientArgs() {
        List<String> a = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
        if (commandConfig != null) {
            a.add("--command-config");
            a.add(commandConfig.toString());
        }
        return a;
    }

    /** Properties for an Admin client of the tests' own. */
    Properties adminProperties() {
        Properties p = new Properties();
        if (commandConfig != null) {
            try (InputStream in = Files.newInputStream(commandConfig)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + commandConfig + ": " + e.getMessage(), e);
            }
        }
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
