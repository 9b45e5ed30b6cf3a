package io.promsnap.loadgen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Enables a test class only where a Docker engine answers, and otherwise prints one line saying why. A
 * docker client without an engine (this project's build machine) is told apart quickly: without
 * DOCKER_HOST and without a socket there is nothing to ask; otherwise Testcontainers' own probe is given
 * {@link #PROBE_SECONDS} s, so that detection can never hang a build.
 */
final class DockerEngine implements ExecutionCondition {
    static final int PROBE_SECONDS = 20;
    private static volatile String reason; // null = not probed yet, "" = available

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = unavailableReason();
        if (why.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        System.err.println(context.getDisplayName() + " skipped: " + why);
        return ConditionEvaluationResult.disabled(why);
    }

    static synchronized String unavailableReason() {
        if (reason == null) {
            reason = probe();
        }
        return reason;
    }

    private static String probe() {
        String host = System.getenv("DOCKER_HOST");
        Path home = Path.of(System.getProperty("user.home"));
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
        if ((host == null || host.isBlank()) && !socket) {
            return "no Docker engine (DOCKER_HOST is not set and there is no /var/run/docker.sock; a docker client alone "
                    + "is not enough)";
        }
        CompletableFuture<Boolean> available = CompletableFuture.supplyAsync(() -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | Error e) {
                return false;
            }
        });
        try {
            return available.get(PROBE_SECONDS, TimeUnit.SECONDS) ? ""
                    : "no Docker engine answered (" + (host != null ? "DOCKER_HOST=" + host : "docker socket") + ")";
        } catch (TimeoutException e) {
            return "the Docker engine did not answer within " + PROBE_SECONDS + " s";
        } catch (Exception e) {
            return "the Docker probe failed: " + e;
        }
    }
}
