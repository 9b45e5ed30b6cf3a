package io.promsnap.bench;

/**
 * One benchmark row's work over a whole corpus: what a JMH invocation runs and what the correctness test
 * checks, the same object for both. Created by {@link Workloads#create}; keeps its buffers between runs;
 * not thread-safe.
 */
public abstract class Workload {
    private final String name;
    private final Checksum.Kind kind;

    protected Workload(String name, Checksum.Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** The row name, e.g. {@code snappy-java+scanner}, {@code snappy-java+scanner (batch)}, {@code seed-naive}. */
    public final String name() {
        return name;
    }

    /** Which expected checksum this workload's result must equal. */
    public final Checksum.Kind kind() {
        return kind;
    }

    /** Processes every payload of the corpus once, feeding {@code sink}. */
    public abstract void run(Checksum sink) throws Exception;

    @Override
    public String toString() {
        return name;
    }
}
