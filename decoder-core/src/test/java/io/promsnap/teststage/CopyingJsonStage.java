package io.promsnap.teststage;

import io.promsnap.DecoderConfig;
import io.promsnap.SampleVisitor;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.JsonStage;

import java.util.Arrays;

/**
 * A test-only seventh JSON stage, written the way a third party would write one: it implements only the
 * four-argument {@link #parse(byte[], int, int, SampleVisitor)} (so the decoder's "no control byte" hint
 * reaches it through the interface's default and is dropped), and reads a private copy of its input, placed
 * at a different offset behind bytes that would break a parse that strayed outside it, through Jackson's
 * stage. So its views point into a buffer the decoder never saw, and its offsets are correct only if the
 * delegate reports them relative to {@code off}, as the contract says.
 *
 * <p>It exists to show that a new stage needs no test edits: {@link AircompressorCopyingDecoderFactory} and
 * {@link SnappyJavaCopyingDecoderFactory} register it (src/test/resources/META-INF/services), and the
 * decoder suite ({@code RegisteredDecodersTest}) and the stage suite ({@code RegisteredJsonStagesTest}) run it
 * like the built-in ones. The service file is kept out of the test-jar, so other modules do not see it.
 */
public final class CopyingJsonStage implements JsonStage {
    /** Bytes in front of the copy: an open string and array, so reading before the input is noticed. */
    private static final byte[] GUARD = {'"', '[', '{', '"'};

    /** Needs what the jackson stage needs (it wraps one). */
    public static final Library LIBRARY = new Library("copying",
            "test-only: Jackson's stage on a private copy of the input",
            io.promsnap.jackson.JacksonLibrary.LIBRARY.availability(), CopyingJsonStage::new);

    private final JsonStage delegate;
    private byte[] copy = new byte[64];

    public CopyingJsonStage(DecoderConfig config) {
        // a third-party stage knows nothing of selection (selects() is false): the decoder filters what it
        // delivers, which is the path this stage tests, so the delegate gets no selector
        this.delegate = new JacksonJsonStage(config.withSelector(io.promsnap.Selector.all()));
    }

    @Override
    public String name() {
        return LIBRARY.name();
    }

    @Override
    public String description() {
        return LIBRARY.description();
    }

    @Override
    public int parse(byte[] json, int off, int len, SampleVisitor visitor) {
        int need = GUARD.length + len + GUARD.length;
        if (copy.length < need) {
            copy = new byte[Math.max(need, copy.length * 2)]; // grows to the largest payload, then reused
        }
        System.arraycopy(GUARD, 0, copy, 0, GUARD.length);
        System.arraycopy(json, off, copy, GUARD.length, len);
        System.arraycopy(GUARD, 0, copy, GUARD.length + len, GUARD.length);
        try {
            // "true" is always a correct answer to "may the input hold raw tab, LF or CR?"
            return delegate.parse(copy, GUARD.length, len, visitor, true);
        } finally {
            Arrays.fill(copy, GUARD.length, GUARD.length + len, (byte) 0); // a view kept past the callback sees zeros
        }
    }
}
