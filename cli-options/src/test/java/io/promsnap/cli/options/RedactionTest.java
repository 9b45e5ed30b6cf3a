package io.promsnap.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"alice\" password=\"s3cr3t-Pa55\";";

    @Test
    void registeredSecretsAreMaskedWhereverTheyAppear() {
        Properties p = new Properties();
        p.put("sasl.jaas.config", JAAS);
        p.put("ssl.truststore.password", "trust-me-123");
        p.put("bootstrap.servers", "h:9093");
        Redaction.register(p);
        String line = "Failed to construct kafka consumer: bad value s3cr3t-Pa55 ... trust-me-123 and " + JAAS;
        String r = Redaction.redact(line);
        assertThat(r).doesNotContain("s3cr3t-Pa55").doesNotContain("trust-me-123").doesNotContain(JAAS)
                .contains("Failed to construct kafka consumer").contains(Redaction.MASK);
    }

    @Test
    void secretLookingPairsAreMaskedEvenUnregistered() {
        assertThat(Redaction.redact("ssl.keystore.password=never-registered-1 and x.y=z"))
                .isEqualTo("ssl.keystore.password=[hidden] and x.y=z");
        assertThat(Redaction.redact("username=\"bob\" password=\"other-pw-9\";"))
                .doesNotContain("other-pw-9").contains("username=\"bob\"");
        assertThat(Redaction.redact("my.client.secret: abc123xyz")).doesNotContain("abc123xyz");
    }

    @Test
    void redactedPropertiesKeepNamesAndHideValues() {
        Properties p = new Properties();
        p.put("sasl.jaas.config", JAAS);
        p.put("security.protocol", "SASL_SSL");
        assertThat(Redaction.redacted(p)).containsEntry("sasl.jaas.config", Redaction.MASK)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(Redaction.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(Redaction.isSecretKey("bootstrap.servers")).isFalse();
    }

    @Test
    void wrappedStreamMasksRegisteredSecretsLineByLine() {
        Redaction.registerValues(java.util.List.of("stream-secret-42"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream s = Redaction.wrap(new PrintStream(buf, true, StandardCharsets.UTF_8));
        s.print("a log line with stream-");
        s.println("secret-42 split over two writes");
        s.println("untouched");
        s.flush();
        assertThat(buf.toString(StandardCharsets.UTF_8)).doesNotContain("stream-secret-42")
                .contains("a log line with [hidden] split over two writes").contains("untouched");
    }
}
