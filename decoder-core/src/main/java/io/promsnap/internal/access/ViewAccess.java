package io.promsnap.internal.access;

import io.promsnap.DecodeReport;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The write side of the read-only types a visitor sees ({@link SampleView}, its {@code Utf8View}s and
 * {@link DecodeReport}). Their mutators are package-private, so a visitor cannot corrupt a decoder; decoder
 * code reaches them here.
 *
 * <p>Why method handles and not the JDK's SharedSecrets registration: with SharedSecrets the public types
 * would register an accessor into this package in their static initialisers, which makes the root package
 * depend on this one (a package cycle that the dependency-rule test forbids). A private lookup from here
 * needs no cooperation from the root package: on the class path and in the automatic module both sit in the
 * same module, so {@link MethodHandles#privateLookupIn} is always allowed. C2 treats a {@code static final}
 * handle as a constant and inlines {@code invokeExact} like a direct call (the A/B of
 * {@code parse-only:scanner} in docs/benchmarks.md shows no cost).
 */
public final class ViewAccess {
    private ViewAccess() {
    }

    private static final MethodHandle NEW_VIEW;
    private static final MethodHandle BEGIN;
    private static final MethodHandle SET_NAME;
    private static final MethodHandle SET_VALUE;
    private static final MethodHandle SET_TIMESTAMP;
    private static final MethodHandle ADD_LABEL;
    private static final MethodHandle START_PAYLOAD;
    private static final MethodHandle BEGIN_SAME_LABELS;
    private static final MethodHandle MARK_DIFFERENT_LABELS;
    private static final MethodHandle PUT_LABEL;
    private static final MethodHandle NEW_REPORT;
    private static final MethodHandle RESET;
    private static final MethodHandle SET_JSON_BYTES;
    private static final MethodHandle ADD_SAMPLE;
    private static final MethodHandle ADD_SKIPPED;
    private static final MethodHandle ADD_UNSELECTED;

    static {
        try {
            MethodHandles.Lookup v = MethodHandles.privateLookupIn(SampleView.class, MethodHandles.lookup());
            NEW_VIEW = v.findConstructor(SampleView.class, MethodType.methodType(void.class));
            BEGIN = v.findVirtual(SampleView.class, "begin", MethodType.methodType(void.class, long.class));
            SET_NAME = v.findVirtual(SampleView.class, "setName",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class));
            SET_VALUE = v.findVirtual(SampleView.class, "setValue", MethodType.methodType(void.class, double.class));
            SET_TIMESTAMP = v.findVirtual(SampleView.class, "setTimestampMillis",
                    MethodType.methodType(void.class, long.class));
            ADD_LABEL = v.findVirtual(SampleView.class, "addLabel", MethodType.methodType(boolean.class,
                    byte[].class, int.class, int.class, byte[].class, int.class, int.class));
            START_PAYLOAD = v.findVirtual(SampleView.class, "startPayload", MethodType.methodType(void.class));
            BEGIN_SAME_LABELS = v.findVirtual(SampleView.class, "beginSameLabels",
                    MethodType.methodType(void.class, long.class));
            MARK_DIFFERENT_LABELS = v.findVirtual(SampleView.class, "markDifferentLabels",
                    MethodType.methodType(void.class));
            PUT_LABEL = v.findVirtual(SampleView.class, "putLabel", MethodType.methodType(void.class, int.class,
                    byte[].class, int.class, int.class, byte[].class, int.class, int.class));
            MethodHandles.Lookup r = MethodHandles.privateLookupIn(DecodeReport.class, MethodHandles.lookup());
            NEW_REPORT = r.findConstructor(DecodeReport.class, MethodType.methodType(void.class));
            RESET = r.findVirtual(DecodeReport.class, "reset", MethodType.methodType(void.class, long.class));
            SET_JSON_BYTES = r.findVirtual(DecodeReport.class, "setJsonBytes",
                    MethodType.methodType(void.class, long.class));
            ADD_SAMPLE = r.findVirtual(DecodeReport.class, "addSample", MethodType.methodType(void.class));
            ADD_UNSELECTED = r.findVirtual(DecodeReport.class, "addUnselected", MethodType.methodType(void.class));
            ADD_SKIPPED = r.findVirtual(DecodeReport.class, "addSkipped",
                    MethodType.methodType(void.class, PromsnapException.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static SampleView newSampleView() {
        try {
            return (SampleView) NEW_VIEW.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Starts a new sample: clears name, labels, value and timestamp. */
    public static void begin(SampleView view, long index) {
        try {
            BEGIN.invokeExact(view, index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setName(SampleView view, byte[] array, int offset, int length) {
        try {
            SET_NAME.invokeExact(view, array, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setValue(SampleView view, double value) {
        try {
            SET_VALUE.invokeExact(view, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setTimestampMillis(SampleView view, long millis) {
        try {
            SET_TIMESTAMP.invokeExact(view, millis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code false} (nothing added) when the sample already has a label with this key. */
    public static boolean addLabel(SampleView view, byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        try {
            return (boolean) ADD_LABEL.invokeExact(view, kArr, kOff, kLen, vArr, vOff, vLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A new payload starts on this view: its first sample has no previous one. */
    public static void startPayload(SampleView view) {
        try {
            START_PAYLOAD.invokeExact(view);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Starts sample {@code index} keeping the view's name and labels: only when they are verified byte for byte
     * those of element {@code index - 1}, the last one begun on this view, which was delivered.
     */
    public static void beginSameLabels(SampleView view, long index) {
        try {
            BEGIN_SAME_LABELS.invokeExact(view, index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The decoder knows the name or a label differs from those of element {@code index - 1}, which was delivered. */
    public static void markDifferentLabels(SampleView view) {
        try {
            MARK_DIFFERENT_LABELS.invokeExact(view);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets label {@code n} and the count to n + 1, without the duplicate check (the key sequence is known to have none). */
    public static void putLabel(SampleView view, int n, byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        try {
            PUT_LABEL.invokeExact(view, n, kArr, kOff, kLen, vArr, vOff, vLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static DecodeReport newReport() {
        try {
            return (DecodeReport) NEW_REPORT.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void reset(DecodeReport report, long compressedBytes) {
        try {
            RESET.invokeExact(report, compressedBytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setJsonBytes(DecodeReport report, long jsonBytes) {
        try {
            SET_JSON_BYTES.invokeExact(report, jsonBytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void addSample(DecodeReport report) {
        try {
            ADD_SAMPLE.invokeExact(report);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void addUnselected(DecodeReport report) {
        try {
            ADD_UNSELECTED.invokeExact(report);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void addSkipped(DecodeReport report, PromsnapException reason) {
        try {
            ADD_SKIPPED.invokeExact(report, reason);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t); // the targets declare no checked exceptions
    }
}
