package io.promsnap.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool modules (and any integration module) use decoder-core through its public API and SPI only,
 * never through {@code io.promsnap.internal}: checked on the compiled main and test classes of every module
 * of the reactor except decoder-core itself (this module builds last, so they are all there).
 */
class ToolsUsePublicApiTest {

    static List<Path> toolClassDirs() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 4)) {
            s.filter(p -> p.endsWith("target/classes") || p.endsWith("target/test-classes"))
                    .filter(p -> !p.startsWith(root.resolve("decoder-core")))
                    .filter(Files::isDirectory)
                    .forEach(dirs::add);
        }
        return dirs;
    }

    @Test
    void noToolImportsInternals() throws IOException {
        List<Path> dirs = toolClassDirs();
        // the modules this test exists for must be among them, or it would pass by checking nothing
        assertThat(dirs).anySatisfy(p -> assertThat(p.toString()).contains("decoder-bench"))
                .anySatisfy(p -> assertThat(p.toString()).contains("conformance-tests"))
                .anySatisfy(p -> assertThat(p.toString()).contains("load-generator"))
                .anySatisfy(p -> assertThat(p.toString()).contains("cli"));
        JavaClasses tools = new ClassFileImporter().importPaths(dirs);
        assertThat(tools.size()).isGreaterThan(100);
        EvaluationResult r = noClasses().should().dependOnClassesThat().resideInAPackage("io.promsnap.internal..")
                .evaluate(tools);
        assertThat(r.getFailureReport().getDetails()).isEmpty();
    }
}
