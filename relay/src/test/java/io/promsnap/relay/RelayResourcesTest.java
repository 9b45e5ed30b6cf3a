package io.promsnap.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.promsnap.loadgen.cli.ConsumeCommand.OnError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a relay creates, it closes, also when it cannot start. */
@Timeout(60)
class RelayResourcesTest {

    @Test
    void theDeadLetterProducerIsClosedWhenTheSinkCannotBeCreated() {
        Relay.Options o = new Relay.Options();
        o.topic = "t";
        o.bootstrap = "127.0.0.1:1";
        o.decoder = "aircompressor+scanner";
        o.onError = OnError.DEAD_LETTER;
        o.consumerProperties.put("bootstrap.servers", o.bootstrap);
        o.producerProperties.put("bootstrap.servers", o.bootstrap);
        o.producerProperties.put("client.id", "relay-resources-test-dlq");
        Relay relay = new Relay(o, new PrintWriter(new StringWriter()));
        assertThatThrownBy(() -> relay.run(delivery -> {
            // the dead-letter producer exists by now
            assertThat(producerThreads()).as("the dead-letter producer was created").isPositive();
            throw new IllegalStateException("no sink today");
        })).hasMessage("no sink today");
        // before the fix its I/O thread outlived the run
        assertThat(producerThreads()).as("dead-letter producer threads left").isZero();
    }

    private static long producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("relay-resources-test-dlq")).count();
    }
}
