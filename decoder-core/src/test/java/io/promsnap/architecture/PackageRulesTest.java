package io.promsnap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * decoder-core's layering, checked on its compiled main classes: root contract, then the SPI, then the
 * internals, then the implementations and the factories that wire them. No package may sit in a cycle.
 */
class PackageRulesTest {
    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.promsnap");

    @Test
    void noPackageCycle() {
        // "io.promsnap.(**)" makes every package one slice: root, spi, internal.engine, scanner, ...
        EvaluationResult r = slices().matching("io.(promsnap).(**)").should().beFreeOfCycles()
                .allowEmptyShould(false).evaluate(CORE);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
        EvaluationResult withRoot = slices().assignedFrom(PackageSlices.EACH_PACKAGE).should().beFreeOfCycles()
                .evaluate(CORE);
        assertThat(withRoot.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void theContractDependsOnNothingBelowIt() {
        EvaluationResult r = noClasses().that().resideInAPackage("io.promsnap")
                .should().dependOnClassesThat().resideInAnyPackage("io.promsnap.(*)..").evaluate(CORE);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void theSpiDependsOnNoImplementation() {
        EvaluationResult r = noClasses().that().resideInAPackage("io.promsnap.spi")
                .should().dependOnClassesThat().resideInAnyPackage("io.promsnap.scanner..", "io.promsnap.jackson..",
                        "io.promsnap.dsljson..", "io.promsnap.aircompressor..", "io.promsnap.snappyjava..",
                        "io.promsnap.decoders..")
                .evaluate(CORE);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void internalsDependOnNoExtensionPointOrImplementation() {
        EvaluationResult r = noClasses().that().resideInAPackage("io.promsnap.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.promsnap.spi..", "io.promsnap.scanner..",
                        "io.promsnap.jackson..", "io.promsnap.dsljson..", "io.promsnap.aircompressor..",
                        "io.promsnap.snappyjava..", "io.promsnap.decoders..", "io.promsnap.kafka..")
                .evaluate(CORE);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
    }

    /**
     * jackson-core, dsl-json and snappy-java are optional dependencies: only the classes that use them may
     * refer to them, and never a factory or a descriptor ({@code *Library}), which the registry loads whether
     * or not the jar is there (LeanClassPathTest runs without them).
     */
    @Test
    void onlyTheAdaptersReferToTheOptionalLibraries() {
        EvaluationResult r = noClasses().that().resideOutsideOfPackages("io.promsnap.jackson", "io.promsnap.dsljson",
                        "io.promsnap.snappyjava")
                .or().haveSimpleNameEndingWith("Library")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "com.dslplatform..", "org.xerial..")
                .evaluate(CORE);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
        EvaluationResult jackson = noClasses().that().resideInAnyPackage("io.promsnap.dsljson", "io.promsnap.snappyjava")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..").evaluate(CORE);
        assertThat(jackson.getFailureReport().getDetails()).isEmpty();
    }
}
