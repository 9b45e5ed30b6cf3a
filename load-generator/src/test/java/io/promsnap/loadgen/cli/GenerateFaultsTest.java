package io.promsnap.loadgen.cli;

import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.promsnap.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deadlines are deadlines: a dead or absent broker ends a generate run in bounded time with exit 1. */
@Timeout(180)
class GenerateFaultsTest {

    @Test
    void closedPortEndsInBoundedTimeWithExitOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        // the default 100,000 samples: before, each blocked send waited max.block.ms (60 s)
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--bootstrap-server", "127.0.0.1:" + port,
                "--delivery-timeout", "3s", "--quiet");
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(secs).isLessThan(20);
    }

    @Test
    void durationBoundsWallClockTimeWhenTheBrokerDies() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            long t0 = System.nanoTime();
            CompletableFuture<KafkaTestSupport.Run> result = CompletableFuture.supplyAsync(() -> run(new GenerateCommand(),
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", "dies", "--rate", "2000",
                    "--duration", "6s", "--batch-samples", "100", "--quiet"));
            Thread.sleep(2500);
            broker.stop();
            KafkaTestSupport.Run r = result.get(120, TimeUnit.SECONDS);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            // 6 s of run, 5 s for what is pending, closing: not minutes
            assertThat(secs).as(r.out()).isLessThan(25);
            assertThat(r.out()).contains("samples acknowledged in").contains("NOT ACKNOWLEDGED").contains("stopped early");
        }
    }

    @Test
    void noAcknowledgementForTheDeliveryTimeoutStopsAnEndlessRun() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            long t0 = System.nanoTime();
            CompletableFuture<KafkaTestSupport.Run> result = CompletableFuture.supplyAsync(() -> run(new GenerateCommand(),
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", "dies2", "--rate", "2000",
                    "--samples", "0", "--batch-samples", "100", "--delivery-timeout", "4s", "--quiet"));
            Thread.sleep(2500);
            broker.stop();
            KafkaTestSupport.Run r = result.get(120, TimeUnit.SECONDS);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(secs).as(r.out()).isLessThan(30);
            assertThat(r.out()).contains("stopped early").contains("NOT ACKNOWLEDGED");
        }
    }
}
