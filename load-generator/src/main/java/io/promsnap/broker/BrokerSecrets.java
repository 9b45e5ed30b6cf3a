package io.promsnap.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import io.promsnap.broker.internal.SelfSignedTls;

/**
 * A secured broker's password, certificates and store passwords, kept in {@code security/} of its data
 * directory so that a restart on the same data (whose SCRAM credentials are in the metadata log) uses
 * the same ones. Files holding passwords are readable by the owner only where POSIX permissions exist.
 */
final class BrokerSecrets {
    final String password;
    final Path keystore;
    final String keystorePassword;
    final Path truststore;
    final String truststorePassword;

    private BrokerSecrets(String password, Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        this.password = password;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
    }

    static BrokerSecrets loadOrCreate(Path dir, EmbeddedKafkaBroker.Security security, String requestedPassword)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("secrets.properties");
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        boolean changed = false;
        if (p.getProperty("sasl.password") == null) {
            p.setProperty("sasl.password", requestedPassword != null ? requestedPassword : SelfSignedTls.randomPassword());
            changed = true;
        }
        if (security == EmbeddedKafkaBroker.Security.SASL_SSL
                && (p.getProperty("ssl.keystore.password") == null || !Files.isRegularFile(dir.resolve("keystore.p12"))
                    || !Files.isRegularFile(dir.resolve("truststore.p12")))) {
            SelfSignedTls.Stores s = SelfSignedTls.generate(dir, "promsnap embedded broker CA");
            p.setProperty("ssl.keystore.password", s.keystorePassword());
            p.setProperty("ssl.truststore.password", s.truststorePassword());
            changed = true;
        }
        if (changed) {
            StringBuilder sb = new StringBuilder("# the embedded broker's own secrets; keep private\n");
            for (String k : p.stringPropertyNames()) {
                sb.append(k).append('=').append(p.getProperty(k)).append('\n');
            }
            writePrivate(file, sb.toString());
        }
        return new BrokerSecrets(p.getProperty("sasl.password"), dir.resolve("keystore.p12").toAbsolutePath(),
                p.getProperty("ssl.keystore.password"), dir.resolve("truststore.p12").toAbsolutePath(),
                p.getProperty("ssl.truststore.password"));
    }

    /** Writes {@code text} to {@code file}, owner read/write only where POSIX permissions exist. */
    static void writePrivate(Path file, String text) throws IOException {
        if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public String toString() {
        return "BrokerSecrets[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
