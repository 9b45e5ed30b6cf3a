package io.promsnap.dsljson;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.ParsingException;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.spi.SampleWriter;
import io.promsnap.SampleVisitor;
import io.promsnap.spi.JsonStage;
import io.promsnap.internal.text.Numbers;
import io.promsnap.internal.engine.SampleEnd;
import io.promsnap.internal.text.Utf16;

import java.io.IOException;
import java.util.Objects;

/**
 * The {@code dsl-json} JSON stage: a DSL-JSON 2.0.2 {@link JsonReader} (no reflection, no databinding;
 * rebound to each payload with {@code process(byte[], int)}) with the semantics of docs/format.md.
 *
 * <p>DSL-JSON's reader is built for speed on trusted input and is laxer than RFC 8259 in ways this
 * stage must not inherit, so every token is checked here before the reader is asked to move past it:
 * <ul>
 *   <li>whitespace: DSL-JSON also skips vertical tab, form feed and Unicode spaces (U+00A0, U+2000...,
 *       U+3000); here only space, tab, LF and CR are whitespace;</li>
 *   <li>strings: DSL-JSON accepts raw control characters, does not pair surrogate escapes and reads past
 *       the end on a truncated escape; each string is scanned first (escapes, hex digits, surrogate pairs,
 *       raw tab/LF/CR, termination, exact UTF-8 length for the limit) and only then consumed, with
 *       {@code calcWeakHash()} (no copy: the view points into the JSON; the
 *       cheapest public way to move the reader past a string that was already checked) or, when it has escapes,
 *       {@code appendString} into a reused builder whose chars are re-encoded to UTF-8;</li>
 *   <li>numbers: DSL-JSON's {@code skip()} and {@code scanNumber()} take anything up to a delimiter and
 *       its converters go through {@code BigDecimal}/{@code String}; numbers are lexed here by the JSON
 *       grammar and parsed by {@link Numbers} straight from the input bytes;</li>
 *   <li>{@code skip()} recurses per nesting level and checks no structure; nested values are skipped
 *       here iteratively with a bit stack and full syntax checks;</li>
 *   <li>literals: {@code wasTrue()} etc., plus the check that no identifier character follows.</li>
 * </ul>
 * The order in which problems are found follows Jackson's streaming parser (a field's value token is
 * lexed before the field name is acted on; a string's content is read when it is consumed), so both
 * library stages report the same error for the same input. Reused across payloads; not thread-safe.
 */
public final class DslJsonStage implements JsonStage {
    private static final int KIND_LABEL = 0;
    private static final int KIND_NAME = 1;
    private static final int KIND_VALUE = 2;
    private static final int KIND_TIMESTAMP = 3;

    private static final byte[] NO_INPUT = new byte[0];
    /** Bytes that end a plain run inside a string: quote, backslash and the control characters. */
    private static final boolean[] STRING_STOP = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_STOP[c] = true;
        }
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
    }

    private final DecodeLimits limits;
    private final boolean skip;
    private final JsonReader<Object> reader;
    private final SampleWriter writer = new SampleWriter();
    private final SampleView view = writer.view();
    private final StringBuilder unescaped = new StringBuilder(64);
    private char[] chars = new char[64];
    /** UTF-8 of this sample's escaped strings; replaced (never overwritten) when it fills. */
    private byte[] scratch = new byte[1024];
    private int scratchPos;
    /** Bit stack of open containers while skipping (1 = object). */
    private long[] stack = new long[4];

    // per payload
    private byte[] json;
    private int off;
    private int end;
    private long index;

    // result of the last scanString
    private int strEnd;
    private long strUtf8;
    private boolean strEscaped;
    private int strBadSurrogate;
    // end of the last lexed number
    private int numEnd;

    public DslJsonStage(DecoderConfig config) {
        Objects.requireNonNull(config, "config");
        this.limits = config.limits();
        this.skip = config.errorPolicy() == ErrorPolicy.SKIP;
        DslJson<Object> dsl = new DslJson<>(new DslJson.Settings<>()
                .errorInfo(JsonReader.ErrorInfo.MINIMAL) // no stack traces, no message formatting
                .useKeyCache(null)
                // our own maxStringBytes applies (checked before consuming a string), not DSL-JSON's 128 MB
                .limitStringBuffer(Integer.MAX_VALUE));
        this.reader = dsl.newReader();
    }

    @Override
    public String name() {
        return "dsl-json";
    }

    @Override
    public int parse(byte[] json, int off, int len, SampleVisitor visitor) {
        this.json = json;
        this.off = off;
        this.end = off + len;
        this.index = -1;
        try {
            reader.process(json, end);
            advanceTo(off); // process() always starts at 0
            return parseDocument(visitor);
        } catch (IOException e) {
            // every position is checked before the reader moves, so this is a gap in those checks
            throw PromsnapException.syntax(reader.getCurrentIndex() - off, index, "malformed JSON: " + e.getMessage());
        } finally {
            this.json = null;
            reader.process(NO_INPUT, 0); // do not keep the caller's array reachable between payloads
        }
    }

    private int parseDocument(SampleVisitor visitor) throws IOException {
        int c = nextToken();
        if (c < 0) {
            throw PromsnapException.syntax(end - off, -1, "empty input");
        }
        int start = tokenStart();
        if (c != '[') {
            lexValue(c, start, true);
            throw PromsnapException.schema(start - off, -1, "top level is not an array");
        }
        int delivered = 0;
        long idx = 0;
        index = 0;
        c = expectToken();
        if (c != ']') {
            while (true) {
                start = tokenStart();
                lexValue(c, start, false);
                limits.checkSampleIndex(idx, start - off);
                if (c != '{') {
                    throw PromsnapException.schema(start - off, idx, "element is not an object");
                }
                if (readSample(idx, visitor)) {
                    delivered++;
                }
                idx++;
                index = idx;
                c = expectToken();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw syntax(tokenStart(), "unexpected character, expected ',' or ']'");
                }
                c = expectToken();
            }
        }
        index = -1;
        c = nextToken();
        if (c >= 0) {
            throw PromsnapException.syntax(tokenStart() - off, -1, "trailing data after the array");
        }
        return delivered;
    }

    /** Reads one element after its '{'. Returns whether a sample was delivered. */
    private boolean readSample(long idx, SampleVisitor visitor) throws IOException {
        SampleWriter v = writer;
        v.begin(idx);
        scratchPos = 0;
        boolean hasName = false;
        boolean hasValue = false;
        boolean hasTimestamp = false;
        PromsnapException dropped = null;
        int c = expectToken();
        if (c != '}') {
            while (true) {
                // ---- field name
                if (c != '"') {
                    throw syntax(tokenStart(), "unexpected character, expected a field name");
                }
                int keyStart = tokenStart();
                scanString(keyStart);
                int keyBad = strBadSurrogate;
                long keyUtf8 = strUtf8;
                boolean keyEscaped = strEscaped;
                byte[] kArr = json;
                int kOff = keyStart + 1;
                if (keyEscaped && dropped == null && keyBad < 0 && keyUtf8 <= limits.maxStringBytes()) {
                    // decoded now, while the reader is at the name; the limit check below (in Jackson's
                    // order) refuses the names that were not decoded, so an undecoded name is never used
                    kOff = decodeEscaped(keyUtf8);
                    kArr = scratch;
                } else {
                    reader.calcWeakHash(); // moves past the string without copying (its byte-sum hash is cheaper than calcHash's FNV)
                }
                int kLen = (int) keyUtf8;
                if (expectToken() != ':') {
                    throw syntax(tokenStart(), "unexpected character, expected ':'");
                }
                // ---- the value's first token is lexed before the name is acted on (as Jackson does)
                c = expectToken();
                int valStart = tokenStart();
                lexValue(c, valStart, false);
                if (keyBad >= 0) {
                    throw syntax(keyBad, "invalid surrogate escape");
                }
                if (dropped != null) {
                    skipValue(c, valStart, false);
                } else {
                    boolean consumed = false;
                    try {
                        limits.checkStringBytes(keyUtf8, keyStart - off, idx);
                        int kind = kind(kArr, kOff, kLen);
                        long at = valStart - off;
                        switch (kind) {
                            case KIND_NAME -> {
                                if (hasName) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasName = true;
                                if (c != '"') {
                                    throw PromsnapException.schema(at, idx, "__name__ is not a string");
                                }
                                int p = readString(valStart);
                                consumed = true;
                                v.setName(strArr, p, (int) strUtf8);
                            }
                            case KIND_VALUE -> {
                                if (hasValue) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasValue = true;
                                if (c == '"') {
                                    int p = readString(valStart);
                                    consumed = true;
                                    v.setValue(Numbers.parseValueString(strArr, p, (int) strUtf8, at, idx));
                                } else if (c == '-' || (c >= '0' && c <= '9')) {
                                    v.setValue(Numbers.parseValueNumber(json, valStart, numEnd - valStart, at, idx));
                                } else {
                                    throw PromsnapException.schema(at, idx, "value is not a string or number");
                                }
                            }
                            case KIND_TIMESTAMP -> {
                                if (hasTimestamp) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasTimestamp = true;
                                if (c == '"') {
                                    int p = readString(valStart);
                                    consumed = true;
                                    v.setTimestampMillis(Numbers.parseTimestampString(strArr, p, (int) strUtf8, at, idx));
                                } else if (c == '-' || (c >= '0' && c <= '9')) {
                                    v.setTimestampMillis(Numbers.parseTimestampNumber(json, valStart, numEnd - valStart, at, idx));
                                } else {
                                    throw PromsnapException.schema(at, idx, "timestamp is not a string or integer");
                                }
                            }
                            default -> {
                                if (c != '"') {
                                    throw PromsnapException.schema(at, idx, "label value is not a string");
                                }
                                int p = readString(valStart);
                                consumed = true;
                                limits.checkLabelCount(v.labelCount() + 1, keyStart - off, idx);
                                if (!v.addLabel(kArr, kOff, kLen, strArr, p, (int) strUtf8)) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                            }
                        }
                    } catch (PromsnapException e) {
                        if (!skip || e.category() != ErrorCategory.SCHEMA) {
                            throw e;
                        }
                        dropped = e;
                        skipValue(c, valStart, consumed);
                    }
                }
                // ---- ',' or '}'
                c = expectToken();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw syntax(tokenStart(), "unexpected character, expected ',' or '}'");
                }
                c = expectToken();
            }
        }
        return SampleEnd.finish(view, hasName, hasValue, hasTimestamp, dropped, skip, tokenStart() - off, visitor);
    }

    /** Where the last {@link #readString} put its UTF-8: the JSON itself, or {@link #scratch}. */
    private byte[] strArr;

    /**
     * Checks and consumes the string value starting (at its quote) at {@code start}; returns the offset of
     * its UTF-8 in {@link #strArr}, length {@link #strUtf8}.
     */
    private int readString(int start) throws IOException {
        scanString(start);
        if (strBadSurrogate >= 0) {
            throw syntax(strBadSurrogate, "invalid surrogate escape");
        }
        limits.checkStringBytes(strUtf8, start - off, index);
        if (!strEscaped) {
            reader.calcWeakHash();
            strArr = json;
            return start + 1;
        }
        int p = decodeEscaped(strUtf8);
        strArr = scratch;
        return p;
    }

    /**
     * Decodes the current (escaped, already scanned) string with DSL-JSON and re-encodes it as UTF-8 into
     * {@link #scratch}; returns its offset there.
     */
    private int decodeEscaped(long utf8) throws IOException {
        StringBuilder sb = unescaped;
        sb.setLength(0);
        reader.appendString(sb);
        int n = sb.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        sb.getChars(0, n, chars, 0);
        int need = (int) utf8;
        if (scratch.length - scratchPos < need) {
            // a new array: views already handed to this sample keep pointing into the old one
            scratch = new byte[Math.max(need, scratch.length * 2)];
            scratchPos = 0;
        }
        int p = scratchPos;
        scratchPos = Utf16.encode(chars, 0, n, scratch, p);
        return p;
    }

    /**
     * Validates the string whose opening quote is at {@code start} without consuming it: termination,
     * escapes, hex digits, raw control characters (errors thrown at the offending byte), and records its
     * exact UTF-8 length after unescaping, whether it has escapes, and the first unpaired surrogate escape
     * (reported by the caller after the syntax checks, as Jackson finds it only once the string is read).
     */
    private void scanString(int start) {
        byte[] b = json;
        int e = end;
        int i = start + 1;
        long n = 0;
        boolean esc = false;
        int bad = -1;
        while (true) {
            // fast path: plain bytes (ASCII or UTF-8, already validated); one table load per byte, and the
            // run's length added once
            int run = i;
            while (i < e && !STRING_STOP[b[i] & 0xFF]) {
                i++;
            }
            n += i - run;
            if (i >= e) {
                throw PromsnapException.syntax(e - off, index, "unexpected end of input in a string");
            }
            int c = b[i];
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                throw syntax(i, String.format("illegal unquoted character 0x%02x in a string, must be escaped", c));
            }
            esc = true;
            if (i + 1 >= e) {
                throw PromsnapException.syntax(e - off, index, "unexpected end of input in an escape sequence");
            }
            int x = b[i + 1];
            switch (x) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    n++;
                    i += 2;
                }
                case 'u' -> {
                    int cp = hex4(i + 2);
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        int lo = i + 11 < e && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4Quiet(i + 8) : -1;
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            n += 4;
                            i += 12;
                            continue;
                        }
                        if (bad < 0) {
                            bad = i;
                        }
                        n += 3;
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        if (bad < 0) {
                            bad = i;
                        }
                        n += 3;
                    } else {
                        n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
                    }
                    i += 6;
                }
                default -> throw syntax(i + 1, "unrecognized character escape '" + (char) (x & 0xFF) + "'");
            }
        }
        strEnd = i;
        strUtf8 = n;
        strEscaped = esc;
        strBadSurrogate = bad;
    }

    /** Four hex digits at {@code i}; errors at the first bad one (or at the end of input). */
    private int hex4(int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            if (i + k >= end) {
                throw PromsnapException.syntax(end - off, index, "unexpected end of input in an escape sequence");
            }
            int d = hexDigit(json[i + k]);
            if (d < 0) {
                throw syntax(i + k, "unexpected character in a \\u escape, expected a hex digit");
            }
            v = v << 4 | d;
        }
        return v;
    }

    private int hex4Quiet(int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = hexDigit(json[i + k]);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /**
     * Lexes the non-string token starting with {@code c} at {@code start} completely (numbers by the JSON
     * grammar, literals), consuming it; strings and brackets are left to the caller. Close markers and any
     * other character are syntax errors.
     */
    private void lexValue(int c, int start, boolean root) throws IOException {
        switch (c) {
            case '{', '[', '"' -> {
            }
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                int e = lexNumber(start);
                numEnd = e;
                advanceTo(e);
                if (root && e < end && !isWhitespace(json[e])) {
                    // Jackson: a root-level number must be followed by whitespace or the end
                    throw syntax(e, "expected space separating root-level values");
                }
            }
            case 't', 'f', 'n' -> literal(c, start);
            case ']', '}' -> throw syntax(start, "unexpected close marker '" + (char) c + "'");
            default -> throw syntax(start, "unexpected character, expected a JSON value");
        }
    }

    /** {@code -? (0 | [1-9] d*) (. d+)? ([eE] [+-]? d+)?}; returns the end; errors at the offending byte. */
    private int lexNumber(int start) {
        byte[] b = json;
        int e = end;
        int i = start;
        if (b[i] == '-') {
            i++;
            if (i >= e) {
                throw PromsnapException.syntax(e - off, index, "unexpected end of input in a number");
            }
            if (!isDigit(b[i])) {
                throw syntax(i, "no digit after '-' in a number");
            }
        }
        if (b[i] == '0') {
            i++;
            if (i < e && isDigit(b[i])) {
                throw syntax(i, "leading zeroes are not allowed in a number");
            }
        } else {
            while (i < e && isDigit(b[i])) {
                i++;
            }
        }
        if (i < e && b[i] == '.') {
            i++;
            if (i >= e) {
                throw PromsnapException.syntax(e - off, index, "unexpected end of input in a number");
            }
            if (!isDigit(b[i])) {
                throw syntax(i, "decimal point not followed by a digit");
            }
            while (i < e && isDigit(b[i])) {
                i++;
            }
        }
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i >= e) {
                throw PromsnapException.syntax(e - off, index, "unexpected end of input in a number");
            }
            if (!isDigit(b[i])) {
                throw syntax(i, "exponent indicator not followed by a digit");
            }
            while (i < e && isDigit(b[i])) {
                i++;
            }
        }
        return i;
    }

    private void literal(int c, int start) {
        boolean ok;
        try {
            ok = c == 't' ? reader.wasTrue() : c == 'f' ? reader.wasFalse() : reader.wasNull();
        } catch (ParsingException e) {
            ok = false;
        }
        if (!ok) {
            throw syntax(start, "unrecognized token, expected true, false or null");
        }
        int p = reader.getCurrentIndex();
        if (p < end) {
            int ch = json[p] & 0xFF;
            // as Jackson: a literal may not run into an identifier character ("truex", "null1"); Jackson
            // fails on any non-ASCII character there (it decodes it from the wrong position), so do we
            if (ch >= 0x80 || (ch >= '0' && ch != ']' && ch != '}' && Character.isJavaIdentifierPart((char) ch))) {
                throw syntax(start, "unrecognized token, expected true, false or null");
            }
        }
    }

    /**
     * Skips the value whose first token {@code c} at {@code start} has been lexed, iteratively, with full
     * syntax checks. Strings are checked (surrogates included) but not limited or copied.
     */
    private void skipValue(int c, int start, boolean consumed) throws IOException {
        if (c == '"') {
            if (!consumed) {
                skipString(start);
            }
            return;
        }
        if (c != '{' && c != '[') {
            return; // number or literal: already lexed
        }
        final int keyOrEnd = 0;
        final int key = 1;
        final int valueOrEnd = 2;
        final int value = 3;
        final int after = 4;
        int depth = 0;
        push(depth++, c == '{');
        int state = c == '{' ? keyOrEnd : valueOrEnd;
        while (true) {
            int t = expectToken();
            int ts = tokenStart();
            boolean close = false;
            switch (state) {
                case keyOrEnd, key -> {
                    if (t == '}' && state == keyOrEnd) {
                        close = true;
                        break;
                    }
                    if (t != '"') {
                        throw syntax(ts, "unexpected character, expected a field name");
                    }
                    scanString(ts);
                    int bad = strBadSurrogate;
                    reader.calcWeakHash();
                    if (expectToken() != ':') {
                        throw syntax(tokenStart(), "unexpected character, expected ':'");
                    }
                    int vt = expectToken();
                    int vs = tokenStart();
                    lexValue(vt, vs, false);
                    if (bad >= 0) {
                        throw syntax(bad, "invalid surrogate escape");
                    }
                    state = enter(vt, vs, depth);
                    if (state != after) {
                        depth++;
                    }
                }
                case valueOrEnd, value -> {
                    if (t == ']' && state == valueOrEnd) {
                        close = true;
                        break;
                    }
                    lexValue(t, ts, false);
                    state = enter(t, ts, depth);
                    if (state != after) {
                        depth++;
                    }
                }
                default -> {
                    boolean inObject = top(depth);
                    if (t == ',') {
                        state = inObject ? key : value;
                    } else if (t == (inObject ? '}' : ']')) {
                        close = true;
                    } else {
                        throw syntax(ts, "unexpected character, expected ',' or '" + (inObject ? '}' : ']') + "'");
                    }
                }
            }
            if (close) {
                depth--;
                if (depth == 0) {
                    return;
                }
                state = after;
            }
        }
    }

    /** After a value's first token while skipping: pushes a container, or consumes a string. */
    private int enter(int t, int ts, int depth) {
        if (t == '{' || t == '[') {
            push(depth, t == '{');
            return t == '{' ? 0 : 2;
        }
        if (t == '"') {
            skipString(ts);
        }
        return 4;
    }

    private void skipString(int start) {
        scanString(start);
        if (strBadSurrogate >= 0) {
            throw syntax(strBadSurrogate, "invalid surrogate escape");
        }
        try {
            reader.calcWeakHash();
        } catch (IOException e) {
            throw syntax(reader.getCurrentIndex(), "malformed JSON");
        }
    }

    private void push(int depth, boolean object) {
        int w = depth >>> 6;
        if (w >= stack.length) {
            long[] s = new long[Math.max(w + 1, stack.length * 2)];
            System.arraycopy(stack, 0, s, 0, stack.length);
            stack = s;
        }
        if (object) {
            stack[w] |= 1L << depth;
        } else {
            stack[w] &= ~(1L << depth);
        }
    }

    /** Whether the innermost open container (depth > 0 open) is an object. */
    private boolean top(int depth) {
        int d = depth - 1;
        return (stack[d >>> 6] & 1L << d) != 0;
    }

    // ---------------------------------------------------------------- cursor

    /** Next token's first byte (consumed) after RFC whitespace, or -1 at the end of input. */
    private int nextToken() throws IOException {
        JsonReader<Object> r = reader;
        while (r.getCurrentIndex() < end) {
            byte b = r.read();
            if (!isWhitespace(b)) {
                return b & 0xFF;
            }
        }
        return -1;
    }

    private int expectToken() throws IOException {
        int c = nextToken();
        if (c < 0) {
            throw PromsnapException.syntax(end - off, index, "unexpected end of input");
        }
        return c;
    }

    private int tokenStart() {
        return reader.getCurrentIndex() - 1;
    }

    private void advanceTo(int target) throws IOException {
        JsonReader<Object> r = reader;
        while (r.getCurrentIndex() < target) {
            r.read();
        }
    }

    private PromsnapException syntax(int absolute, String what) {
        return PromsnapException.syntax(absolute - off, index, what);
    }

    private PromsnapException duplicate(int keyStart, long idx, byte[] k, int kOff, int kLen) {
        String name = new String(k, kOff, Math.min(kLen, 40), java.nio.charset.StandardCharsets.UTF_8);
        return PromsnapException.schema(keyStart - off, idx, "duplicate key \"" + name + (kLen > 40 ? "…" : "") + "\"");
    }

    private static int kind(byte[] a, int o, int l) {
        if (l == 8 && matches(a, o, "__name__")) {
            return KIND_NAME;
        }
        if (l == 5 && matches(a, o, "value")) {
            return KIND_VALUE;
        }
        if (l == 9 && matches(a, o, "timestamp")) {
            return KIND_TIMESTAMP;
        }
        return KIND_LABEL;
    }

    private static boolean matches(byte[] a, int o, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (a[o + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
