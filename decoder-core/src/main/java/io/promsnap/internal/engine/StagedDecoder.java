package io.promsnap.internal.engine;

import io.promsnap.DecodeReport;
import io.promsnap.DecoderConfig;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.internal.access.ViewAccess;
import io.promsnap.internal.select.SelectorEvaluator;
import io.promsnap.internal.select.UnselectedSink;
import io.promsnap.internal.snappy.RawBlock;
import io.promsnap.internal.snappy.SnappyContainer;
import io.promsnap.internal.text.Utf8Validator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A decoder made of the three shared stages every built-in decoder runs in the same order: container
 * and Snappy block ({@link SnappyContainer} + a block decompressor), UTF-8 validation
 * ({@link Utf8Validator}), then a JSON stage. Sharing the order is what makes every decoder report the
 * same error for the same bad payload. Not thread-safe; buffers are kept between payloads.
 *
 * <p>Built by {@code io.promsnap.spi.StagedDecoderFactory}, which passes the SPI's block decompressor and
 * JSON stage in as functions ({@link RawBlock}, {@link Parser}) so that this package does not depend on
 * the SPI: the SPI depends on it.
 */
public final class StagedDecoder implements PayloadDecoder {

    /** What the engine needs of a JSON stage ({@code JsonStage#parse} with the controls hint). */
    @FunctionalInterface
    public interface Parser {
        int parse(byte[] json, int off, int len, SampleVisitor visitor, boolean controls);
    }

    private final String name;
    private final DecoderConfig config;
    private final SnappyContainer container;
    private final Parser json;
    private final DecodeReport report = ViewAccess.newReport();
    private final Counting counting;
    private byte[] inputCopy = new byte[0];
    /**
     * The thread inside {@code decode}, or {@code null}. A decoder shared between threads would hand one
     * thread's views to the other's visitor and blame good input; a compare-and-set on entry (once per payload,
     * a few nanoseconds next to tens of microseconds of decoding) turns that silent corruption into an
     * {@link IllegalStateException}. Handing a decoder from one thread to another between calls stays allowed.
     */
    @SuppressWarnings("unused") // through USER
    private volatile Thread user;
    private static final VarHandle USER;

    static {
        try {
            USER = MethodHandles.lookup().findVarHandle(StagedDecoder.class, "user", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param stageSelects whether the JSON stage applies {@code config.selector()} itself (and reports the
     *                     samples it did not select through {@link UnselectedSink}); otherwise this decoder
     *                     filters what the stage delivers
     */
    public StagedDecoder(String name, DecoderConfig config, RawBlock block, Parser json, boolean stageSelects) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.container = new SnappyContainer(block, config.containerFormat(), config.limits());
        this.json = Objects.requireNonNull(json, "json");
        this.counting = new Counting(report, stageSelects ? null : SelectorEvaluator.of(config.selector()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DecoderConfig config() {
        return config;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
        enter();
        try {
            return decodeOwned(payload, offset, length, visitor);
        } finally {
            USER.setRelease(this, null);
        }
    }

    private void enter() {
        Thread me = Thread.currentThread();
        Thread other = (Thread) USER.compareAndExchange(this, null, me);
        if (other != null) {
            throw new IllegalStateException(other == me
                    ? "decoder " + name + " was called again from inside its own visitor; a decoder is not"
                    + " re-entrant: use a second decoder for nested payloads"
                    : "decoder " + name + " is in use by thread '" + other.getName() + "' and was called from '"
                    + me.getName() + "' at the same time; decoders are not thread-safe: create one per thread"
                    + " (DecoderFactory is thread-safe)");
        }
    }

    private int decodeOwned(byte[] payload, int offset, int length, SampleVisitor visitor) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(visitor, "visitor");
        Objects.checkFromIndexSize(offset, length, payload.length);
        ViewAccess.reset(report, length);
        int n = container.decompress(payload, offset, length);
        ViewAccess.setJsonBytes(report, n);
        byte[] buf = container.buffer();
        boolean controls = Utf8Validator.validateDetectingControls(buf, 0, n);
        Counting c = counting;
        c.target = visitor;
        try {
            json.parse(buf, 0, n, c, controls);
            return (int) report.samples(); // what reached the visitor: the stage's count may include unselected ones

        } finally {
            c.target = null; // the decoder must not keep the caller's visitor reachable
        }
    }

    @Override
    public int decode(ByteBuffer payload, SampleVisitor visitor) {
        enter();
        try {
            return decodeOwned(payload, visitor);
        } finally {
            USER.setRelease(this, null);
        }
    }

    private int decodeOwned(ByteBuffer payload, SampleVisitor visitor) {
        Objects.requireNonNull(payload, "payload");
        int len = payload.remaining();
        if (payload.hasArray()) {
            return decodeOwned(payload.array(), payload.arrayOffset() + payload.position(), len, visitor);
        }
        // Direct and read-only buffers hide their array: copy the compressed bytes (small next to the JSON
        // they expand to) into a reused array; the JSON views still point into the decompressed buffer.
        if (inputCopy.length < len) {
            inputCopy = new byte[Math.max(len, inputCopy.length * 3 / 2)];
        }
        payload.duplicate().get(inputCopy, 0, len);
        return decodeOwned(inputCopy, 0, len, visitor);
    }

    @Override
    public DecodeReport lastReport() {
        return report;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Stands between the stage and the caller's visitor and keeps the report: a stage never sees the report,
     * so a third-party stage cannot get the counts wrong. The count follows the visitor's call, as before:
     * a sample whose visitor threw was not delivered. It also applies the selector for a stage that does not
     * ({@code filter}), and counts the samples a selecting stage did not select.
     */
    private static final class Counting implements SampleVisitor, UnselectedSink {
        private final DecodeReport report;
        private final SelectorEvaluator filter;
        SampleVisitor target;

        Counting(DecodeReport report, SelectorEvaluator filter) {
            this.report = report;
            this.filter = filter;
        }

        @Override
        public void onSample(SampleView sample) {
            if (filter != null && !filter.matches(sample)) {
                ViewAccess.addUnselected(report);
                return;
            }
            target.onSample(sample);
            ViewAccess.addSample(report);
        }

        @Override
        public void onUnselected() {
            ViewAccess.addUnselected(report);
        }

        @Override
        public void onSkipped(PromsnapException reason) {
            target.onSkipped(reason);
            ViewAccess.addSkipped(report, reason);
        }
    }
}
