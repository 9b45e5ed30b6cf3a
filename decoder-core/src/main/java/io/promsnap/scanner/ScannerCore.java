package io.promsnap.scanner;

import io.promsnap.DecodeLimits;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.spi.SampleWriter;
import io.promsnap.SampleVisitor;
import io.promsnap.internal.json.JsonErrors;
import io.promsnap.internal.json.JsonLex;
import io.promsnap.internal.json.NumberError;
import io.promsnap.internal.json.ValidatingSkipper;
import io.promsnap.Utf8View;
import io.promsnap.internal.select.SelectorEvaluator;
import io.promsnap.internal.text.Numbers;

import static io.promsnap.internal.json.JsonLex.LABEL;
import static io.promsnap.internal.json.JsonLex.NAME;
import static io.promsnap.internal.json.JsonLex.TIMESTAMP;
import static io.promsnap.internal.json.JsonLex.VALUE;
import static io.promsnap.internal.json.JsonLex.describe;
import static io.promsnap.internal.json.JsonLex.isDigit;
import static io.promsnap.internal.json.JsonLex.keyKind;
import static io.promsnap.internal.json.JsonLex.skipWhitespace;

/**
 * The scanner proper: one pass over the JSON bytes, no recursion, no tokens, no per-sample allocation.
 * Strings without escapes become views into the JSON buffer; escaped strings are unescaped into a
 * scratch array that is reused from sample to sample (views only live during one {@code onSample}).
 *
 * <p>Reading order decides which error a bad payload gets, and the order mirrors a streaming parser
 * (Jackson): a key, its colon and a scalar value token (literal or number) are checked for syntax before
 * the key's meaning is checked; string contents are read lazily, after the checks that do not need them.
 *
 * <p>Under {@link ErrorPolicy#SKIP} a schema error does not unwind: it is remembered, the rest of the
 * element is skipped with full syntax validation (the shared {@link ValidatingSkipper}, never recursion), and the
 * sample is reported as skipped once its closing brace is reached. A syntax or limit error on the way
 * still fails the payload.
 *
 * <p>Not thread-safe; one instance per stage.
 */
final class ScannerCore {
    private final DecodeLimits limits;
    private final int maxStringBytes;
    private final int maxLabelsPerSample;
    private final boolean skipPolicy;
    /** The selector on bytes, or null when every sample is selected. */
    private final SelectorEvaluator sel;
    /** The current sample's name was rejected by {@link #sel}: its value is validated, not parsed. */
    private boolean unselected;
    private final SampleWriter writer = new SampleWriter();
    private final SampleView view = writer.view();
    /** Template-guided parsing, tried first for every element (see {@link SampleTemplates}). */
    private final SampleTemplates templates;
    /**
     * {@code -Dpromsnap.templates=false} turns template parsing off: for A/B runs of one build
     * ({@code gate --baseline-jvm-arg=-Dpromsnap.templates=false}) and as an escape hatch.
     */
    static final boolean TEMPLATES = !"false".equals(System.getProperty("promsnap.templates"));

    /** Unescaped strings of the current sample. Grown by replacement: views of earlier strings keep the old array. */
    private byte[] scratch = new byte[256];
    private int scratchPos;
    /** Skips the rest of an element after a schema error under SKIP, validating it as this scanner does. */
    private final Skipper skipper = new Skipper();

    // per payload
    /**
     * Which bytes of {@code [maskBase, maskBase+64)} are special (see {@link #special}), one bit each.
     * Positions only move forward, so one 64-byte mask serves the several strings it covers: finding a
     * string's end is a mask lookup and a count of trailing zeros, with no loop whose trip count depends on
     * the string's length (and no mispredicted branch per string). Bits below the last position read may
     * have been cleared by {@link #fastSample} (which consumes them); that is why it is discarded
     * ({@link #NO_MASK}) whenever the general path re-reads an element from an earlier position.
     */
    private long mask;
    private int maskBase;
    /** A {@link #maskBase} that covers no position (every position is at least 0, below 2^31 - 65). */
    private static final int NO_MASK = -65;
    /**
     * Whether control bytes (raw tab, LF, CR: the validator rejected the others) count as special. False
     * when the validator found none in the payload: then no byte below 0x20 exists to look for.
     */
    private boolean ctl = true;
    private int base;
    private long index;
    private PromsnapException pending;

    // result of the slow (escaped) string path
    private byte[] sArr;
    private int sOff;
    private int sLen;
    /** Unescaped length computed by {@link #scanEscaped}. */
    private long escLen;

    ScannerCore(DecodeLimits limits, ErrorPolicy policy) {
        this(limits, policy, null);
    }

    ScannerCore(DecodeLimits limits, ErrorPolicy policy, SelectorEvaluator sel) {
        this.sel = sel;
        this.limits = limits;
        this.maxStringBytes = limits.maxStringBytes();
        this.maxLabelsPerSample = limits.maxLabelsPerSample();
        this.skipPolicy = policy == ErrorPolicy.SKIP;
        this.templates = new SampleTemplates(maxStringBytes, writer);
    }

    /** {@code controls}: whether the input may hold raw tab/LF/CR (false only when the validator saw none). */
    int parse(byte[] b, int off, int len, SampleVisitor visitor, boolean controls) {
        final int end = off + len;
        ctl = controls;
        base = off;
        maskBase = NO_MASK;
        mask = 0;
        index = -1;
        pending = null;
        writer.startPayload();
        templates.startPayload();
        int i = skipWhitespace(b, off, end);
        if (i >= end) {
            throw PromsnapException.syntax(i - off, -1, "empty input: no JSON value");
        }
        if (b[i] != '[') {
            throw topLevelNotArray(b, i, end);
        }
        index = 0;
        i = skipWhitespace(b, i + 1, end);
        if (i >= end) {
            throw truncated(end);
        }
        int delivered = 0;
        if (b[i] == ']') {
            i++;
        } else {
            while (true) {
                limits.checkSampleIndex(index, i - off);
                if (b[i] != '{') {
                    throw elementNotObject(b, i, end);
                }
                int after = TEMPLATES ? templates.match(b, i, end, index) : -1;
                if (after >= 0 && sel != null) {
                    // the template path reads the name without the hooks that set this for the full scanner:
                    // a value left over from the previous sample would drop (or keep) this one wrongly
                    Utf8View n = view.name();
                    unselected = sel.nameRejected(n.array(), n.offset(), n.length());
                }
                if (after < 0) {
                    after = fastSample(b, i + 1, end);
                    if (after < 0) {
                        maskBase = NO_MASK; // fastSample consumed bits of this element's mask
                        after = sample(b, i + 1, end);
                    }
                    if (!TEMPLATES) {
                        // nothing to learn
                    } else if (pending == null && !unselected) {
                        templates.learn(b, i, after, index);
                    } else {
                        // a skipped sample, or one whose name the selector rejected: the full scanner checked its
                        // value and timestamp without parsing them, so the view does not hold its numbers, and a
                        // template learnt from it would hand them (0.0) to the next sample of the same layout
                        // whose value text is unchanged — even a selected one of another name in the same slot
                        templates.forget();
                    }
                }
                i = after;
                if (pending == null) {
                    if (SelectorEvaluator.deliver(sel, unselected, view, visitor)) {
                        delivered++;
                    }
                } else {
                    PromsnapException e = pending;
                    pending = null;
                    visitor.onSkipped(e);
                }
                index++;
                i = skipWhitespace(b, i, end);
                if (i >= end) {
                    throw truncated(end);
                }
                byte c = b[i];
                if (c == ',') {
                    i = skipWhitespace(b, i + 1, end);
                    if (i >= end) {
                        throw truncated(end);
                    }
                } else if (c == ']') {
                    i++;
                    break;
                } else {
                    throw syntax(i, "expected ',' or ']' after an element, found " + describe(c));
                }
            }
        }
        index = -1;
        i = skipWhitespace(b, i, end);
        if (i < end) {
            throw syntax(i, "trailing data after the array: " + describe(b[i]));
        }
        return delivered;
    }

    /**
     * The position of the first {@code "}, {@code \\} or raw tab/LF/CR (the validator has rejected every
     * other control byte) in {@code b[i, end)}, or {@code end}.
     */
    int special(byte[] b, int i, int end) {
        int rel = i - maskBase;
        if (rel >= 0 && rel < 64) {
            long m = mask & (-1L << rel);
            if (m != 0) {
                return maskBase + Long.numberOfTrailingZeros(m);
            }
        }
        return refill(b, i, end);
    }

    /** Moves the mask to start at {@code i} (and on, 64 bytes at a time) until a special byte or the end. */
    private int refill(byte[] b, int i, int end) {
        // two copies, each with a constant flag, so that the compact case has no control-byte test at all
        return ctl ? refill(b, i, end, true) : refill(b, i, end, false);
    }

    private int refill(byte[] b, int i, int end, boolean c) {
        while (end - i >= 64) {
            long m = Bytes.specialMask(b, i, c);
            maskBase = i;
            mask = m;
            if (m != 0) {
                return i + Long.numberOfTrailingZeros(m);
            }
            i += 64;
        }
        // the last bytes: a shorter mask, zero past the end
        long m = 0;
        int k = 0;
        for (; end - i - k >= 8; k += 8) {
            m |= (Bytes.specialBits((long) Bytes.LONGS.get(b, i + k), c) & 0xFFL) << k;
        }
        for (; i + k < end; k++) {
            if (Bytes.isSpecial(b[i + k], c)) {
                m |= 1L << k;
            }
        }
        maskBase = i;
        mask = m;
        return m != 0 ? i + Long.numberOfTrailingZeros(m) : end;
    }

    /**
     * The common case of one sample, quickly: compact (no whitespace), every member value a string (or a
     * number for {@code value}/{@code timestamp}), plain timestamps, no duplicates, within the limits.
     * Returns the position after the sample's '}', or -1 when the element needs the general path
     * ({@link #sample}), which then reads it again from its '{'. It accepts only elements that
     * {@link #sample} accepts, delivers exactly what it would, and gives up (never throws) at anything
     * else, except for what {@link #escaped} and {@link #numberEnd} throw: {@link #sample} would throw the
     * same at the same place, as everything read before was valid.
     *
     * <p>The special bytes are consumed one by one from a 64-byte mask held in a local ({@code m}, bits
     * below the cursor cleared, {@code mb} its base): finding a string's end is clearing the lowest bit
     * and counting trailing zeros, with no search that depends on the position the previous string ended
     * at, and the checks that the next special byte sits where the grammar wants it (a key's quote right
     * after ',', a value's right after ':') are predicted branches beside that chain, not links in it.
     * On return the mask goes back to {@link #mask}/{@link #maskBase} for the next sample; on -1 the
     * caller discards it, as bits of this element are gone.
     */
    private int fastSample(byte[] b, int i, int end) {
        long m = maskFrom(b, i, end);
        int mb = maskBase;
        final SampleWriter v = writer;
        v.begin(index);
        scratchPos = 0;
        unselected = false;
        final int maxStr = maxStringBytes;
        int seen = 0; // bits: 1 name, 2 value, 4 timestamp
        while (true) {
            // ---- key: the next special byte is its opening quote, at i
            while (m == 0) {
                if ((mb += 64) >= end) {
                    return -1;
                }
                m = block(b, mb, end);
            }
            if (mb + Long.numberOfTrailingZeros(m) != i || b[i] != '"') {
                return -1;
            }
            m &= m - 1;
            while (m == 0) {
                if ((mb += 64) >= end) {
                    return -1;
                }
                m = block(b, mb, end);
            }
            int q = mb + Long.numberOfTrailingZeros(m);
            byte[] kArr = b;
            int kOff = i + 1;
            int kLen;
            if (b[q] == '"') {
                m &= m - 1;
                kLen = q - kOff;
                if (kLen > maxStr) {
                    return -1;
                }
                i = q + 1;
            } else {
                mask = m;
                maskBase = mb;
                i = escaped(b, kOff, q, end);
                kArr = sArr;
                kOff = sOff;
                kLen = sLen;
                m = maskFrom(b, i, end);
                mb = maskBase;
            }
            if (end - i < 3 || b[i] != ':') {
                return -1;
            }
            final int kind = keyKind(kArr, kOff, kLen);
            final int valPos = i + 1;
            while (m == 0) {
                if ((mb += 64) >= end) {
                    return -1;
                }
                m = block(b, mb, end);
            }
            if (mb + Long.numberOfTrailingZeros(m) == valPos && b[valPos] == '"') {
                // ---- a string value
                m &= m - 1;
                while (m == 0) {
                    if ((mb += 64) >= end) {
                        return -1;
                    }
                    m = block(b, mb, end);
                }
                q = mb + Long.numberOfTrailingZeros(m);
                if (kind != LABEL) {
                    int bit = 1 << (kind - 1); // NAME 1, VALUE 2, TIMESTAMP 3
                    if ((seen & bit) != 0) {
                        return -1;
                    }
                    seen |= bit;
                }
                byte[] vArr = b;
                int vOff = valPos + 1;
                int vLen;
                if (b[q] == '"') {
                    m &= m - 1;
                    vLen = q - vOff;
                    if (vLen > maxStr) {
                        return -1;
                    }
                    i = q + 1;
                } else {
                    if (kind == TIMESTAMP) {
                        return -1;
                    }
                    mask = m;
                    maskBase = mb;
                    i = escaped(b, vOff, q, end);
                    vArr = sArr;
                    vOff = sOff;
                    vLen = sLen;
                    m = maskFrom(b, i, end);
                    mb = maskBase;
                }
                if (kind == LABEL) {
                    if (v.labelCount() >= maxLabelsPerSample || !v.addLabel(kArr, kOff, kLen, vArr, vOff, vLen)) {
                        return -1;
                    }
                } else if (kind == NAME) {
                    v.setName(vArr, vOff, vLen);
                    if (sel != null) {
                        unselected = sel.nameRejected(vArr, vOff, vLen);
                    }
                } else if (kind == TIMESTAMP) {
                    // 1 to 16 plain digits (cannot overflow); anything else: general path
                    long t = Numbers.tryParseDigits(b, vOff, vLen);
                    if (t < 0) {
                        return -1;
                    }
                    v.setTimestampMillis(t);
                } else if (unselected) {
                    try {
                        Numbers.checkValueString(vArr, vOff, vLen, valPos - base, index);
                    } catch (PromsnapException e) {
                        return -1; // not a number: the general path reports or skips it
                    }
                } else {
                    double d = Numbers.tryParseValueString(vArr, vOff, vLen);
                    if (d != d) {
                        try {
                            d = Numbers.parseValueString(vArr, vOff, vLen, valPos - base, index);
                        } catch (PromsnapException e) {
                            return -1; // not a number: the general path reports or skips it
                        }
                    }
                    v.setValue(d);
                }
            } else {
                // ---- a number token as value or timestamp; anything else is for the general path
                int c = b[valPos];
                if ((kind != VALUE && kind != TIMESTAMP) || !(c == '-' || isDigit(c))) {
                    return -1;
                }
                int tokEnd = numberEnd(b, valPos, end);
                try {
                    if (kind == VALUE) {
                        if ((seen & 2) != 0) {
                            return -1;
                        }
                        seen |= 2;
                        v.setValue(Numbers.parseValueNumber(b, valPos, tokEnd - valPos, valPos - base, index));
                    } else {
                        if ((seen & 4) != 0) {
                            return -1;
                        }
                        seen |= 4;
                        v.setTimestampMillis(Numbers.parseTimestampNumber(b, valPos, tokEnd - valPos, valPos - base,
                                index));
                    }
                } catch (PromsnapException e) {
                    return -1;
                }
                i = tokEnd; // a number holds no special byte: the mask's next bit is still ahead
            }
            // ---- after the value
            if (i >= end) {
                return -1;
            }
            byte d = b[i];
            if (d == ',') {
                i++;
            } else if (d == '}') {
                if (seen != 7) {
                    return -1;
                }
                mask = m;
                maskBase = mb;
                return i + 1;
            } else {
                return -1;
            }
        }
    }

    /**
     * The special bytes of {@code [maskBase, maskBase+64)} at or after {@code i}, moving the mask to start
     * at {@code i} first if it does not cover {@code i}.
     */
    private long maskFrom(byte[] b, int i, int end) {
        int rel = i - maskBase;
        if (rel >= 0 && rel < 64) {
            return mask & (-1L << rel);
        }
        long m = block(b, i, end);
        maskBase = i;
        mask = m;
        return m;
    }

    /** The special bytes of {@code b[at, min(at+64, end))}, bit k for byte at+k. */
    private long block(byte[] b, int at, int end) {
        return Bytes.blockMask(b, at, end, ctl);
    }

    /**
     * Reads one sample object; {@code i} is just after its '{'. Returns the position after its '}'. On a
     * schema error under SKIP, sets {@link #pending} and returns the position after the skipped element.
     */
    private int sample(byte[] b, int i, int end) {
        final SampleWriter v = writer;
        v.begin(index);
        scratchPos = 0;
        unselected = false;
        boolean hasName = false;
        boolean hasValue = false;
        boolean hasTs = false;
        i = skipWhitespace(b, i, end);
        if (i >= end) {
            throw truncated(end);
        }
        if (b[i] != '}') {
            while (true) {
                // ---- key
                if (b[i] != '"') {
                    throw skipper.expectedKey(i, b[i]);
                }
                final int keyPos = i;
                i = string(b, i, end);
                final byte[] kArr = sArr;
                final int kOff = sOff;
                final int kLen = sLen;
                final int kind = keyKind(kArr, kOff, kLen);
                // ---- colon
                i = skipWhitespace(b, i, end);
                if (i >= end) {
                    throw truncated(end);
                }
                if (b[i] != ':') {
                    throw skipper.expectedColon(i, b[i]);
                }
                i = skipWhitespace(b, i + 1, end);
                if (i >= end) {
                    throw truncated(end);
                }
                // ---- value token: scalars are checked for syntax before any schema check
                final int valPos = i;
                final byte c = b[i];
                int tokEnd;
                if (c == '"') {
                    tokEnd = -1; // read lazily below
                } else if (c == '{' || c == '[') {
                    tokEnd = i;
                } else {
                    tokEnd = scalarEnd(b, i, end);
                }
                if (kind == LABEL) {
                    if (c != '"') {
                        return schemaSkip(JsonErrors.labelNotString(valPos - base, index), b, i, end, true);
                    }
                    i = string(b, i, end);
                    limits.checkLabelCount(v.labelCount() + 1, keyPos - base, index);
                    if (!v.addLabel(kArr, kOff, kLen, sArr, sOff, sLen)) {
                        return schemaSkip(duplicate(keyPos, kArr, kOff, kLen), b, i, end, false);
                    }
                } else if (kind == VALUE || kind == TIMESTAMP) {
                    final boolean isValue = kind == VALUE;
                    if (isValue ? hasValue : hasTs) {
                        return schemaSkip(duplicate(keyPos, kArr, kOff, kLen), b, i, end, true);
                    }
                    if (isValue) {
                        hasValue = true;
                    } else {
                        hasTs = true;
                    }
                    int after = tokEnd;
                    try {
                        if (c == '"') {
                            after = string(b, i, end);
                            setNumber(isValue, true, sArr, sOff, sLen, valPos);
                        } else if (c == '-' || isDigit(c)) {
                            setNumber(isValue, false, b, i, tokEnd - i, valPos);
                        } else {
                            return schemaSkip(valPos, (isValue ? "value" : "timestamp") + " is not a number or a string",
                                    b, i, end, true);
                        }
                    } catch (PromsnapException e) {
                        // Numbers throws SCHEMA only for a well-formed token, which has been read to its end
                        if (!skipPolicy || e.category() != ErrorCategory.SCHEMA) {
                            throw e;
                        }
                        pending = e;
                        return skipper.skipRestOfObject(b, after, end, false);
                    }
                    i = after;
                } else { // NAME
                    if (hasName) {
                        return schemaSkip(duplicate(keyPos, kArr, kOff, kLen), b, i, end, true);
                    }
                    if (c != '"') {
                        return schemaSkip(JsonErrors.nameNotString(valPos - base, index), b, i, end, true);
                    }
                    hasName = true;
                    i = string(b, i, end);
                    v.setName(sArr, sOff, sLen);
                    if (sel != null) {
                        unselected = sel.nameRejected(sArr, sOff, sLen);
                    }
                }
                // ---- after the value
                i = skipWhitespace(b, i, end);
                if (i >= end) {
                    throw truncated(end);
                }
                byte d = b[i];
                if (d == ',') {
                    i = skipWhitespace(b, i + 1, end);
                    if (i >= end) {
                        throw truncated(end);
                    }
                } else if (d == '}') {
                    break;
                } else {
                    throw syntax(i, "expected ',' or '}' after a value, found " + describe(d));
                }
            }
        }
        // b[i] == '}'
        String missing = JsonErrors.missingKey(hasName, hasValue, hasTs);
        if (missing != null) {
            return schemaSkip(JsonErrors.missing(i - base, index, missing), b, i + 1, end, false, true);
        }
        return i + 1;
    }

    /** The value or timestamp from a string's content ({@code quoted}) or a number token, into the writer. */
    private void setNumber(boolean isValue, boolean quoted, byte[] a, int off, int len, int valPos) {
        long at = valPos - base;
        if (isValue && quoted && unselected) {
            Numbers.checkValueString(a, off, len, at, index); // validated, not computed: no one will see it
        } else if (isValue) {
            writer.setValue(quoted ? Numbers.parseValueString(a, off, len, at, index)
                    : Numbers.parseValueNumber(a, off, len, at, index));
        } else {
            writer.setTimestampMillis(quoted ? Numbers.parseTimestampString(a, off, len, at, index)
                    : Numbers.parseTimestampNumber(a, off, len, at, index));
        }
    }

    private PromsnapException duplicate(int keyPos, byte[] k, int off, int len) {
        return JsonErrors.duplicateKey(keyPos - base, index, k, off, len);
    }

    private int schemaSkip(int at, String reason, byte[] b, int i, int end, boolean atValue) {
        return schemaSkip(PromsnapException.schema(at - base, index, reason), b, i, end, atValue, false);
    }

    private int schemaSkip(PromsnapException e, byte[] b, int i, int end, boolean atValue) {
        return schemaSkip(e, b, i, end, atValue, false);
    }

    /**
     * A schema error in the current element: thrown under FAIL; under SKIP remembered, and the rest of the
     * element skipped. {@code i} is at the start of a value ({@code atValue}), after one, or after the
     * element ({@code done}).
     */
    private int schemaSkip(PromsnapException e, byte[] b, int i, int end, boolean atValue, boolean done) {
        if (!skipPolicy) {
            throw e;
        }
        pending = e;
        return done ? i : skipper.skipRestOfObject(b, i, end, atValue);
    }

    // ------------------------------------------------------------------ strings

    /**
     * The general path's string read: {@code i} is the opening quote. Afterwards {@link #sArr}/{@link #sOff}/
     * {@link #sLen} hold the content (a view into {@code b}, or the unescaped copy in the scratch), checked
     * against the string limit at the opening quote. Returns the position after the closing quote.
     */
    private int string(byte[] b, int i, int end) {
        int q = special(b, i + 1, end);
        if (q < end && b[q] == '"') {
            int n = q - i - 1;
            limits.checkStringBytes(n, i - base, index);
            sArr = b;
            sOff = i + 1;
            sLen = n;
            return q + 1;
        }
        return escaped(b, i + 1, q, end);
    }

    /**
     * The slow string path. {@code s} is the first content byte, {@code q} the first special byte found by
     * {@link #special} (not a closing quote). Validates, checks the unescaped length against the string
     * limit before copying, unescapes into the scratch and returns the position after the closing quote.
     * Two passes, so that the exact unescaped length is known before anything is copied or allocated.
     */
    private int escaped(byte[] b, int s, int q, int end) {
        int close = scanEscaped(b, q, end);
        long n = escLen + (q - s);
        limits.checkStringBytes(n, s - 1 - base, index);
        int len = (int) n;
        int p = scratchPos;
        if (scratch.length - p < len) {
            long want = Math.max((long) p + len, Math.min(2L * scratch.length, DecodeLimits.HARD_MAX_BYTES));
            scratch = new byte[(int) want];
        }
        byte[] dst = scratch;
        int w = unescape(b, s, close, dst, p);
        sArr = dst;
        sOff = p;
        sLen = w - p;
        scratchPos = w;
        return close + 1;
    }

    /**
     * Validates a string from {@code j} (inside the string, at a special byte or the end) to its closing
     * quote; sets {@link #escLen} to the unescaped length of {@code [j, close)} and returns {@code close}.
     */
    private int scanEscaped(byte[] b, int j, int end) {
        long n = 0;
        while (true) {
            int k = special(b, j, end);
            n += k - j;
            if (k >= end) {
                throw truncated(end);
            }
            int c = b[k];
            if (c == '"') {
                escLen = n;
                return k;
            }
            if (c != '\\') {
                throw syntax(k, String.format("raw control character 0x%02x inside a string", c));
            }
            if (k + 1 >= end) {
                throw truncated(end);
            }
            int e = b[k + 1];
            switch (e) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    n++;
                    j = k + 2;
                }
                case 'u' -> {
                    int cp = hex4(b, k + 2, end);
                    j = k + 6;
                    if (JsonLex.isHighSurrogate(cp)) {
                        if (j + 1 >= end) {
                            throw truncated(end);
                        }
                        if (b[j] != '\\' || b[j + 1] != 'u') {
                            throw syntax(k, "invalid surrogate: high surrogate escape not followed by a low one");
                        }
                        int lo = hex4(b, j + 2, end);
                        if (!JsonLex.isLowSurrogate(lo)) {
                            throw syntax(k, "invalid surrogate: high surrogate escape not followed by a low one");
                        }
                        j += 6;
                        n += 4;
                    } else if (JsonLex.isLowSurrogate(cp)) {
                        throw syntax(k, "invalid surrogate: lone low surrogate escape");
                    } else {
                        n += JsonLex.utf8Length(cp);
                    }
                }
                default -> throw syntax(k, "invalid escape \\" + (char) (e & 0xff));
            }
        }
    }

    private int hex4(byte[] b, int at, int end) {
        if (at + 4 > end) {
            throw truncated(end);
        }
        int cp = JsonLex.hex4(b, at);
        if (cp < 0) {
            throw syntax(at - 2, "invalid \\u escape: expected four hex digits");
        }
        return cp;
    }

    /** Copies {@code b[s, close)} (already validated) into {@code dst} at {@code p}, resolving escapes; returns the end. */
    private static int unescape(byte[] b, int s, int close, byte[] dst, int p) {
        int j = s;
        while (j < close) {
            int k = j;
            while (k < close && b[k] != '\\') {
                k++;
            }
            System.arraycopy(b, j, dst, p, k - j);
            p += k - j;
            if (k >= close) {
                break;
            }
            int e = b[k + 1];
            j = k + 2;
            switch (e) {
                case 'b' -> dst[p++] = '\b';
                case 'f' -> dst[p++] = '\f';
                case 'n' -> dst[p++] = '\n';
                case 'r' -> dst[p++] = '\r';
                case 't' -> dst[p++] = '\t';
                case 'u' -> {
                    int cp = JsonLex.hex4(b, j);
                    j += 4;
                    if (JsonLex.isHighSurrogate(cp)) {
                        int lo = JsonLex.hex4(b, j + 2);
                        j += 6;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    if (cp < 0x80) {
                        dst[p++] = (byte) cp;
                    } else if (cp < 0x800) {
                        dst[p++] = (byte) (0xC0 | (cp >>> 6));
                        dst[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else if (cp < 0x10000) {
                        dst[p++] = (byte) (0xE0 | (cp >>> 12));
                        dst[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                        dst[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        dst[p++] = (byte) (0xF0 | (cp >>> 18));
                        dst[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                        dst[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                        dst[p++] = (byte) (0x80 | (cp & 0x3F));
                    }
                }
                default -> dst[p++] = (byte) e; // " \ /
            }
        }
        return p;
    }

    /** Validates a string whose content starts at {@code s}; returns the position after its closing quote. */
    private int afterString(byte[] b, int s, int end) {
        int q = special(b, s, end);
        if (q < end && b[q] == '"') {
            return q + 1;
        }
        return scanEscaped(b, q, end) + 1;
    }

    // ------------------------------------------------------------------ scalars

    /**
     * Validates the literal or number token starting at {@code i} and returns its end. The token is the
     * longest well-formed prefix, as a streaming parser reads it: {@code 1x} is the number {@code 1}
     * followed by a stray {@code x}. A literal directly followed by an identifier character
     * ({@code truex}) is malformed.
     */
    private int scalarEnd(byte[] b, int i, int end) {
        int c = b[i];
        switch (c) {
            case 't' -> {
                return literal(b, i, end, "true");
            }
            case 'f' -> {
                return literal(b, i, end, "false");
            }
            case 'n' -> {
                return literal(b, i, end, "null");
            }
            default -> {
                if (c == '-' || isDigit(c)) {
                    return numberEnd(b, i, end);
                }
                throw syntax(i, "unexpected character " + describe(c));
            }
        }
    }

    private int literal(byte[] b, int i, int end, String lit) {
        int n = lit.length();
        for (int k = 1; k < n; k++) {
            if (i + k >= end) {
                throw truncated(end);
            }
            if (b[i + k] != lit.charAt(k)) {
                throw syntax(i, "invalid literal (expected " + lit + ")");
            }
        }
        int j = i + n;
        if (j < end) {
            if (JsonLex.runsIntoLiteral(b[j])) {
                throw syntax(i, "invalid literal (expected " + lit + ")");
            }
        }
        return j;
    }

    /** {@link JsonLex#numberEnd}, its errors at the token's start in the scanner's words. */
    private int numberEnd(byte[] b, int i, int end) {
        int j = JsonLex.numberEnd(b, i, end);
        if (j < 0) {
            NumberError e = NumberError.of(b, i, ~j, end);
            throw e == NumberError.TRUNCATED ? truncated(end) : syntax(i, e.plain());
        }
        return j;
    }

    // ------------------------------------------------------------------ shape errors

    private PromsnapException topLevelNotArray(byte[] b, int i, int end) {
        int c = b[i];
        if (c != '{' && c != '"') {
            int j = scalarEnd(b, i, end);
            // at the top level a number must be followed by whitespace or the end (a streaming parser
            // cannot tell where "1x" ends)
            if (c != 't' && c != 'f' && c != 'n' && j < end && !JsonLex.isWhitespace(b[j])) {
                return syntax(j, "unexpected character " + describe(b[j]) + " after a number");
            }
        }
        return JsonErrors.topLevelNotArray(i - base);
    }

    private PromsnapException elementNotObject(byte[] b, int i, int end) {
        int c = b[i];
        if (c != '[' && c != '"') {
            scalarEnd(b, i, end); // a malformed token is a syntax error first
        }
        return JsonErrors.elementNotObject(i - base, index);
    }

    // ------------------------------------------------------------------ validating skipper

    /** The shared skipper with this scanner's string and scalar checks and wording. */
    private final class Skipper extends ValidatingSkipper {
        @Override
        protected int afterString(byte[] b, int quote, int end) {
            return ScannerCore.this.afterString(b, quote + 1, end);
        }

        @Override
        protected int afterScalar(byte[] b, int i, int end) {
            return scalarEnd(b, i, end);
        }

        @Override
        protected PromsnapException truncated(int end) {
            return ScannerCore.this.truncated(end);
        }

        @Override
        protected PromsnapException expectedKey(int at, int found) {
            return syntax(at, "expected a key string, found " + describe(found));
        }

        @Override
        protected PromsnapException expectedColon(int at, int found) {
            return syntax(at, "expected ':' after a key, found " + describe(found));
        }

        @Override
        protected PromsnapException expectedCommaOr(int at, char close, int found) {
            return syntax(at, "expected ',' or '" + close + "', found " + describe(found));
        }
    }

    // ------------------------------------------------------------------ errors

    private PromsnapException truncated(int end) {
        return JsonErrors.truncated(end - base, index);
    }

    private PromsnapException syntax(int at, String reason) {
        return PromsnapException.syntax(at - base, index, reason);
    }
}
