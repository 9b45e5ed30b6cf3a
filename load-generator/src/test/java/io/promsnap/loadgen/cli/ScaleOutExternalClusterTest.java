package io.promsnap.loadgen.cli;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link ScaleOutSuite} on an existing cluster:
 * {@code mvn -pl load-generator -am test -Dtest=ScaleOutExternalClusterTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpromsnap.test.bootstrap=HOST:PORT [-Dpromsnap.test.command-config=client.properties]}. The suite creates
 * topics {@code scale-out-*} and {@code fixed-rate-*} (6 partitions) and groups of fresh names; it deletes nothing.
 */
@EnabledIfSystemProperty(named = "promsnap.test.bootstrap", matches = ".+",
        disabledReason = "no -Dpromsnap.test.bootstrap=HOST:PORT given: no external cluster to run against")
class ScaleOutExternalClusterTest extends ScaleOutSuite {
    @Override
    KafkaTarget target() {
        return KafkaTarget.external();
    }
}
