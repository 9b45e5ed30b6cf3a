package io.promsnap.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.promsnap.traffic.encode.Batch;

/** One file per batch, {@code batch-00000001.bin}, ...: a corpus other tools (decode, bench) take. */
public final class DirectoryOutput implements BatchOutput {
    private final Path dir;
    private long next = 1;

    public DirectoryOutput(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public void send(Batch batch, Completion completion) {
        Path file = dir.resolve(String.format("batch-%08d.bin", next++));
        try {
            Files.write(file, batch.payload());
        } catch (IOException e) {
            completion.done(e);
            return;
        }
        completion.done(null);
    }

    @Override
    public void flush() {
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }

    @Override
    public void close() {
    }
}
