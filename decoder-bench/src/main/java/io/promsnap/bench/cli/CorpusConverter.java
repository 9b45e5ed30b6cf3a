package io.promsnap.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.promsnap.bench.corpus.Corpus;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --corpus NAME|DIR} of the benchmark commands: a bundled corpus name or an existing directory. */
final class CorpusConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (Corpus.isBundled(value) || Files.isDirectory(Path.of(value))) {
            return value;
        }
        throw new TypeConversionException("'" + value + "' is not accepted; expected a bundled corpus ("
                + String.join(", ", Corpus.bundledNames()) + ") or an existing directory of payload files");
    }
}
