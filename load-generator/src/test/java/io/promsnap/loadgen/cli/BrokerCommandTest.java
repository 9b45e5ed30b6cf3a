package io.promsnap.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(120) // a hung client must fail the test, not the CI job
class BrokerCommandTest {
    @Test
    void printsTheBootstrapAddressServesAndStopsCleanly(@TempDir Path tmp) throws Exception {
        BrokerCommand cmd = new BrokerCommand();
        PipedReader pr = new PipedReader();
        PrintWriter pw = new PrintWriter(new PipedWriter(pr), true);
        CommandLine cl = new CommandLine(cmd).setOut(pw);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cl.execute("--data-dir", tmp.resolve("data").toString())));
        t.start();
        BufferedReader in = new BufferedReader(pr);
        String line = in.readLine();
        assertThat(line).matches("bootstrap\\.servers=127\\.0\\.0\\.1:\\d+");
        String bootstrap = line.substring(line.indexOf('=') + 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("via-cli", 1, (short) 1))).all().get();
        }
        cmd.requestStop();
        t.join(30_000);
        assertThat(exit.get()).isZero();
        assertThat(tmp.resolve("data").resolve("kraft-logs").resolve("via-cli-0")).isDirectory();
    }
}
