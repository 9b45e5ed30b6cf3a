package io.promsnap.bench.results;

/** A result file that is neither JMH's JSON nor a promsnap summary, or lacks what a comparison needs. */
public final class MalformedResultsException extends RuntimeException {
    public MalformedResultsException(String message) {
        super(message);
    }

    public MalformedResultsException(String message, Throwable cause) {
        super(message, cause);
    }
}
