package io.promsnap.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Apache Kafka's own KRaft server ({@link KafkaRaftServer}) in this JVM: one combined broker and
 * controller, every listener on 127.0.0.1, storage formatted on first start. Meant for tests and for
 * "no setup" runs of the load generator; not for production.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #stop()} and {@link #start()} may be repeated: a restart reuses the same data directory
 * and the same ports, so every record and committed offset survives and clients reconnect by
 * themselves. A temporary data directory (the default) is deleted by {@link #close()}; a directory
 * given to {@link Builder#dataDir(Path)} is kept. Not thread-safe: start, stop and close from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final int NODE_ID = 1;
    /** The SASL user of a secured broker. */
    public static final String SASL_USER = "promsnap";
    /** The mechanisms a secured broker's client listener accepts. */
    public static final java.util.List<String> SASL_MECHANISMS = java.util.List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final String INTERNAL = "INTERNAL";

    /** What the client listener demands. */
    public enum Security {
        /** No TLS, no authentication (the default). */
        PLAINTEXT,
        /** SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) without TLS. */
        SASL_PLAINTEXT,
        /** SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) over TLS with a freshly generated CA. */
        SASL_SSL;

        boolean tls() {
            return this == SASL_SSL;
        }
    }

    private final Path dataDir;
    private final boolean temporaryDir;
    private final Duration startTimeout;
    private final Map<String, String> overrides;
    private final Security security;
    private final String clientMechanism;
    private final String requestedPassword;
    private int port;
    private int controllerPort;
    private int internalPort;
    private BrokerSecrets secrets;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b) throws IOException {
        this.temporaryDir = b.dataDir == null;
        this.dataDir = temporaryDir ? Files.createTempDirectory("promsnap-kafka-") : b.dataDir.toAbsolutePath();
        this.port = b.port;
        this.controllerPort = b.controllerPort;
        this.startTimeout = b.startTimeout;
        this.overrides = Map.copyOf(b.overrides);
        this.security = b.security;
        this.clientMechanism = b.saslMechanism;
        this.requestedPassword = b.saslPassword;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage if needed, starts the server and waits until it serves metadata that lists
     * itself as a live broker. Returns {@code this}. Ports chosen on the first start are kept for
     * restarts.
     *
     * @throws IllegalStateException when formatting fails or the broker is not ready within the timeout
     *                               (the server is shut down again before throwing)
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            if (port == 0) {
                port = freePort();
            }
            if (controllerPort == 0) {
                controllerPort = freePort();
            }
            if (security != Security.PLAINTEXT && internalPort == 0) {
                internalPort = freePort();
            }
            if (security != Security.PLAINTEXT && secrets == null) {
                secrets = BrokerSecrets.loadOrCreate(dataDir.resolve("security"), security, requestedPassword);
                writeClientConfig();
            }
            Properties props = serverProperties();
            format(props);
            KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            try {
                s.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(s);
                throw new IllegalStateException("embedded Kafka broker could not start on 127.0.0.1:" + port
                        + " (controller port " + controllerPort + ", data in " + dataDir + "): "
                        + rootMessage(e), e);
            }
            try {
                awaitReady();
            } catch (RuntimeException | Error e) {
                shutdownQuietly(s);
                throw e;
            }
            server = s;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and waits until it is down; data stays. A no-op when not running. */
    public synchronized void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:PORT}; valid once {@link #start()} has run at least once. */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("broker has not been started");
        }
        return "127.0.0.1:" + port;
    }

    public synchronized int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Security security() {
        return security;
    }

    /**
     * The client settings for this broker's client listener, without {@code bootstrap.servers}: empty for
     * {@link Security#PLAINTEXT}; otherwise {@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config} and, for TLS, the truststore. Holds the password: never print it.
     */
    public synchronized Properties clientProperties() {
        Properties p = new Properties();
        if (security == Security.PLAINTEXT) {
            return p;
        }
        requireSecrets();
        p.put("security.protocol", security.name());
        p.put("sasl.mechanism", clientMechanism);
        p.put("sasl.jaas.config", jaas(clientMechanism, SASL_USER, secrets.password));
        if (security.tls()) {
            p.put("ssl.truststore.location", secrets.truststore.toString());
            p.put("ssl.truststore.password", secrets.truststorePassword);
            p.put("ssl.truststore.type", "PKCS12");
        }
        return p;
    }

    /**
     * {@code client.properties} in the data directory: {@link #clientProperties()} as a file for
     * {@code --command-config} (readable by the owner only where the file system allows it).
     *
     * @throws IllegalStateException for a {@link Security#PLAINTEXT} broker (it needs no client settings)
     */
    public synchronized Path clientConfigFile() {
        if (security == Security.PLAINTEXT) {
            throw new IllegalStateException("a PLAINTEXT broker needs no client properties");
        }
        requireSecrets();
        return dataDir.resolve("client.properties");
    }

    /** The SASL password of {@link #SASL_USER} (for tests that need a wrong one or a known one). */
    public synchronized String saslPassword() {
        requireSecrets();
        return secrets.password;
    }

    /** A JAAS line for a Kafka client: PLAIN or SCRAM login module, as the mechanism needs. */
    public static String jaas(String mechanism, String user, String password) {
        String module = mechanism.equalsIgnoreCase("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private void requireSecrets() {
        if (secrets == null) {
            throw new IllegalStateException(security == Security.PLAINTEXT ? "a PLAINTEXT broker has no SASL credentials"
                    : "broker has not been started");
        }
    }

    private void writeClientConfig() throws IOException {
        Properties p = clientProperties();
        StringBuilder sb = new StringBuilder();
        sb.append("# Kafka client settings for the promsnap embedded broker's ").append(security)
                .append(" listener (bootstrap.servers=127.0.0.1:").append(port).append(").\n")
                .append("# Use with --command-config; holds a password, keep it private.\n");
        for (String k : new String[] {"security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type"}) {
            if (p.containsKey(k)) {
                sb.append(k).append('=').append(escape(p.getProperty(k))).append('\n');
            }
        }
        BrokerSecrets.writePrivate(dataDir.resolve("client.properties"), sb.toString());
    }

    /** A properties value as {@link Properties#load} reads it back: backslashes doubled (Windows paths). */
    private static String escape(String v) {
        return v.replace("\\", "\\\\");
    }

    /** Stops the server and, when the data directory is temporary, deletes it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (temporaryDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        if (security == Security.PLAINTEXT) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            // clients get the secured listener; the broker talks to itself over a PLAINTEXT listener on
            // loopback, so it needs no client credentials of its own (metadata answers name the listener
            // a client connected to, so clients never see the internal one)
            String name = security.name();
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            p.put("listeners", name + "://127.0.0.1:" + port + "," + INTERNAL + "://127.0.0.1:" + internalPort
                    + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", name + "://127.0.0.1:" + port + "," + INTERNAL + "://127.0.0.1:" + internalPort);
            p.put("inter.broker.listener.name", INTERNAL);
            p.put("listener.security.protocol.map", name + ":" + name + "," + INTERNAL + ":PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("sasl.enabled.mechanisms", String.join(",", SASL_MECHANISMS));
            String prefix = "listener.name." + lower + ".";
            p.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                    + SASL_USER + "=\"" + secrets.password + "\";");
            // SCRAM credentials live in the metadata log, written when the storage is formatted
            p.put(prefix + "scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            if (security.tls()) {
                p.put(prefix + "ssl.keystore.location", secrets.keystore.toString());
                p.put(prefix + "ssl.keystore.password", secrets.keystorePassword);
                p.put(prefix + "ssl.key.password", secrets.keystorePassword);
                p.put(prefix + "ssl.keystore.type", "PKCS12");
            }
        }
        p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        // a single node: every internal topic must be satisfiable with one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        // consumers in tests join at once instead of after the default 3 s
        p.put("group.initial.rebalance.delay.ms", "0");
        // the cleaner reserves 128 MiB of heap by default
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.putAll(overrides);
        return p;
    }

    /** Formats the log directory once; {@code --ignore-formatted} makes a restart a no-op. */
    private void format(Properties props) throws IOException {
        Path config = dataDir.resolve("server.properties");
        // a secured broker's server properties hold its passwords
        BrokerSecrets.writePrivate(config, "");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by promsnap EmbeddedKafkaBroker for kafka-storage format");
        }
        // a formatted directory keeps its cluster id: the server refuses to start when the id it is
        // given differs from the one in meta.properties
        String clusterId = existingClusterId();
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "--cluster-id", clusterId,
                "--config", config.toString(), "--ignore-formatted"));
        if (security != Security.PLAINTEXT) {
            for (String m : SASL_MECHANISMS) {
                if (m.startsWith("SCRAM-")) {
                    args.add("--add-scram");
                    args.add(m + "=[name=" + SASL_USER + ",password=" + secrets.password + "]");
                }
            }
        }
        try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(new String[0]), ps);
        }
        if (rc != 0) {
            String said = captured.toString(StandardCharsets.UTF_8).strip();
            if (secrets != null) {
                said = said.replace(secrets.password, "[hidden]");
            }
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed (exit code " + rc
                    + "): " + said);
        }
    }

    private String existingClusterId() throws IOException {
        Path meta = dataDir.resolve("kraft-logs").resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return p.getProperty("cluster.id");
    }

    /** Ready = the broker's own metadata lists it as a live broker (it is registered and unfenced). */
    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Map<String, Object> conf = new LinkedHashMap<>();
        // through the client listener, with the client settings: ready means ready for clients
        clientProperties().forEach((k, v) -> conf.put((String) k, v));
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        Exception last = null;
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
                }
                sleepBriefly();
            }
        }
        throw new IllegalStateException("embedded Kafka broker on 127.0.0.1:" + port + " (data in " + dataDir
                + ") did not become ready within " + startTimeout.toMillis() + " ms"
                + (last == null ? "" : ": " + last), last);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ", caused by " + t;
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    /** A port that was free a moment ago (bind to 0, read, release). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete temporary Kafka data in " + root, e);
        }
    }

    /** Options for {@link EmbeddedKafkaBroker}. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Security security = Security.PLAINTEXT;
        private String saslMechanism = "PLAIN";
        private String saslPassword;

        private Builder() {
        }

        /** The client (PLAINTEXT) port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The controller port; 0 (default) picks a free one. */
        public Builder controllerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.controllerPort = port;
            return this;
        }

        /** A data directory that is kept on close (created, and formatted on first start, if needed). */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** How long {@link #start()} waits for the broker to be ready; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * What the client listener demands; default {@link Security#PLAINTEXT}. A secured broker also
         * listens on a PLAINTEXT port on 127.0.0.1 for its own inter-broker traffic, and writes its
         * certificates (TLS) and {@code client.properties} into the data directory.
         */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** The mechanism written into {@code client.properties}: PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512. */
        public Builder saslMechanism(String mechanism) {
            String m = Objects.requireNonNull(mechanism, "mechanism").strip().toUpperCase(java.util.Locale.ROOT);
            if (!SASL_MECHANISMS.contains(m)) {
                throw new IllegalArgumentException("SASL mechanism must be one of " + SASL_MECHANISMS + ": " + mechanism);
            }
            this.saslMechanism = m;
            return this;
        }

        /**
         * The password of {@link #SASL_USER} on a new data directory (default: random). Letters, digits,
         * '-' and '_' only, so that it needs no quoting in JAAS or StorageTool arguments.
         */
        public Builder saslPassword(String password) {
            if (!Objects.requireNonNull(password, "password").matches("[A-Za-z0-9_-]{8,}")) {
                throw new IllegalArgumentException("the SASL password must be 8 or more letters, digits, '-' or '_'");
            }
            this.saslPassword = password;
            return this;
        }

        /** Any server property, applied after the defaults (e.g. {@code num.partitions}). */
        public Builder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A broker that has not been started yet; creates the temporary data directory if needed. */
        public EmbeddedKafkaBroker build() {
            try {
                return new EmbeddedKafkaBroker(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
