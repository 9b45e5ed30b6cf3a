package io.promsnap.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A timeout is "cannot connect" only when a probe of the bootstrap addresses finds why. */
@Timeout(60)
class KafkaFailuresTest {

    private static Properties at(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    @Test
    void aTimeoutAtAClosedPortCannotConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String line = KafkaFailures.describe(new TimeoutException("Topic t not present in metadata after 5000 ms."),
                at("127.0.0.1:" + port));
        assertThat(line).startsWith("cannot connect to Kafka at 127.0.0.1:" + port + ": Topic t not present")
                .contains("refuses connections");
    }

    /**
     * A listener that answers as configured (here: accepts and closes, no TLS, for a PLAINTEXT client): a commit
     * that timed out there is no connection problem. Before, this read "cannot connect to Kafka at ...".
     */
    @Test
    void aTimeoutAtAReachableListenerIsNotCannotConnect() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket c = s.accept()) {
                            // closes at once
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            String bootstrap = "127.0.0.1:" + s.getLocalPort();
            String line = KafkaFailures.describe(
                    new TimeoutException("Timeout of 60000ms expired before successfully committing offsets"), at(bootstrap));
            assertThat(line).startsWith("no answer from Kafka at " + bootstrap + " in time: Timeout of 60000ms expired")
                    .contains("security.protocol=PLAINTEXT").doesNotContain("cannot connect");
        }
    }

    @Test
    void whatIsNotAboutTheClusterIsLeftToTheCaller() {
        assertThat(KafkaFailures.describe(new IllegalStateException("x"), at("127.0.0.1:1"))).isNull();
    }
}
