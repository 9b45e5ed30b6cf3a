package io.promsnap.bench.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ForkJvmTest {

    @Test
    void readsTheFeatureVersionOfEveryVersionStringStyle() {
        assertThat(ForkJvm.parseFeature("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime Environment"))
                .isEqualTo(17);
        assertThat(ForkJvm.parseFeature("openjdk version \"25\" 2025-09-16 LTS")).isEqualTo(25);
        assertThat(ForkJvm.parseFeature("java version \"1.8.0_392\"")).isEqualTo(8);
        assertThat(ForkJvm.parseFeature("Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version \"21.0.5\""))
                .isEqualTo(21);
        assertThat(ForkJvm.parseFeature("no version here")).isZero();
    }

    @Test
    void asksTheGivenJavaAndAddsTheVectorModuleFrom21On() {
        String self = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int feature = Runtime.version().feature();
        assertThat(ForkJvm.feature(self)).isEqualTo(feature);
        assertThat(ForkJvm.extraArgs(self)).isEqualTo(ForkJvm.extraArgs(null));
        assertThat(ForkJvm.extraArgs(null).contains(ForkJvm.VECTOR_MODULE)).isEqualTo(feature >= 21);
        assertThat(ForkJvm.feature("/nonexistent/java")).isZero();
    }
}
