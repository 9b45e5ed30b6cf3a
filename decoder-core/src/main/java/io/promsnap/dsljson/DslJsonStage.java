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
import io.promsnap.internal.json.JsonErrors;
import io.promsnap.internal.json.JsonLex;
import io.promsnap.internal.json.NumberError;
import io.promsnap.internal.json.SampleEnd;
import io.promsnap.internal.select.SelectorEvaluator;
import io.promsnap.internal.json.ValidatingSkipper;
import io.promsnap.internal.text.Numbers;
import io.promsnap.internal.text.Utf16;

import java.io.IOException;
import java.util.Objects;

/**
 * The {@code dsl-json} JSON stage: a DSL-JSON 2.0.2 {@link JsonReader} (no reflection, no databinding;
 * rebound to each payload with {@code process(byte[], int)}) with the semantics of docs/format.md.
 *
 * <p><b>What DSL-JSON does here, and what promsnap's own code does.</b> DSL-JSON's reader is built for
 * speed on trusted input and is laxer than RFC 8259 in ways this stage must not inherit, so most of the
 * lexing is promsnap's, and this stage is "promsnap's checks driving DSL-JSON's reader", not DSL-JSON
 * parsing on its own (docs/benchmarks.md says the same of the {@code dsl-json} rows).
 * <ul>
 *   <li>DSL-JSON: the reader is the cursor (each token's first byte and each whitespace byte is taken
 *       with {@code read()}); it moves past a string that was already checked with {@code calcWeakHash()}
 *       (no copy: the view points into the JSON); it unescapes a string with escapes with
 *       {@code appendString} (into a reused builder whose chars are re-encoded to UTF-8 here); it matches
 *       {@code true}, {@code false} and {@code null} with {@code wasTrue()} etc.</li>
 *   <li>Own code, whitespace: DSL-JSON also skips vertical tab, form feed and Unicode spaces (U+00A0,
 *       U+2000..., U+3000); here only space, tab, LF and CR are ({@link JsonLex#isWhitespace}).</li>
 *   <li>Own code, strings: DSL-JSON accepts raw control characters, does not pair surrogate escapes and
 *       reads past the end on a truncated escape; each string is scanned here first ({@code scanString}:
 *       escapes, hex digits, surrogate pairs, raw tab/LF/CR, termination, exact UTF-8 length for the
 *       limit) and only then handed to the reader.</li>
 *   <li>Own code, numbers: DSL-JSON's {@code skip()} and {@code scanNumber()} take anything up to a
 *       delimiter and its converters go through {@code BigDecimal}/{@code String}; numbers are lexed by
 *       the shared grammar ({@link JsonLex#numberEnd}) and parsed by {@link Numbers} from the input bytes.
 *       No DSL-JSON number code runs.</li>
 *   <li>Own code, nesting: DSL-JSON's {@code skip()} recurses per level and checks no structure; nested
 *       values are skipped by the shared {@link ValidatingSkipper} over the bytes, then the reader is moved
 *       past them.</li>
 *   <li>Own code, the rest: the identifier check after a literal, key classification, the schema, every
 *       error (positions and words; syntax errors in the style of Jackson's).</li>
 * </ul>
 * The order in which problems are found follows Jackson's streaming parser (a field's value token is
 * lexed before the field name is acted on; a string's content is read when it is consumed), so both
 * library stages report the same error for the same input. Reused across payloads; not thread-safe.
 */
public final class DslJsonStage implements JsonStage {
    private static final byte[] NO_INPUT = new byte[0];
    private final DecodeLimits limits;
    private final boolean skip;
    /** The selector on bytes, or null when every sample is selected. */
    private final SelectorEvaluator sel;
    /** The current sample's name was rejected by {@link #sel}: its value is validated, not parsed. */
    private boolean unselected;
    private final JsonReader<Object> reader;
    private final SampleWriter writer = new SampleWriter();
    private final SampleView view = writer.view();
    private final StringBuilder unescaped = new StringBuilder(64);
    private char[] chars = new char[64];
    /** UTF-8 of this sample's escaped strings; replaced (never overwritten) when it fills. */
    private byte[] scratch = new byte[1024];
    private int scratchPos;
    /** Skips nested values after a schema error under SKIP, validating them as this stage does. */
    private final Skipper skipper = new Skipper();

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
        this.sel = SelectorEvaluator.of(config.selector());
        DslJson<Object> dsl = new DslJson<>(new DslJson.Settings<>()
                .errorInfo(JsonReader.ErrorInfo.MINIMAL) // no stack traces, no message formatting
                .useKeyCache(null)
                // our own maxStringBytes applies (checked before consuming a string), not DSL-JSON's 128 MB
                .limitStringBuffer(Integer.MAX_VALUE));
        this.reader = dsl.newReader();
    }

    @Override
    public String name() {
        return DslJsonLibrary.LIBRARY.name();
    }

    @Override
    public String description() {
        return DslJsonLibrary.LIBRARY.description();
    }

    /** This stage applies the selector itself: a sample whose name is rejected has its value validated, not parsed. */
    @Override
    public boolean selects() {
        return true;
    }

    @Override
    public int parse(byte[] json, int off, int len, SampleVisitor visitor) {
        this.json = json;
        this.off = off;
        this.end = off + len;
        this.index = -1;
        writer.startPayload();
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
            throw JsonErrors.topLevelNotArray(start - off);
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
                    throw JsonErrors.elementNotObject(start - off, idx);
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
        unselected = false;
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
                    throw skipper.expectedKey(tokenStart(), c);
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
                    throw skipper.expectedColon(tokenStart(), json[tokenStart()]);
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
                        int kind = JsonLex.keyKind(kArr, kOff, kLen);
                        long at = valStart - off;
                        switch (kind) {
                            case JsonLex.NAME -> {
                                if (hasName) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasName = true;
                                if (c != '"') {
                                    throw JsonErrors.nameNotString(at, idx);
                                }
                                int p = readString(valStart);
                                consumed = true;
                                v.setName(strArr, p, (int) strUtf8);
                                if (sel != null) {
                                    unselected = sel.nameRejected(strArr, p, (int) strUtf8);
                                }
                            }
                            case JsonLex.VALUE -> {
                                if (hasValue) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasValue = true;
                                if (c == '"') {
                                    int p = readString(valStart);
                                    consumed = true;
                                    if (unselected) {
                                        Numbers.checkValueString(strArr, p, (int) strUtf8, at, idx);
                                    } else {
                                        v.setValue(Numbers.parseValueString(strArr, p, (int) strUtf8, at, idx));
                                    }
                                } else if (c == '-' || JsonLex.isDigit(c)) {
                                    v.setValue(Numbers.parseValueNumber(json, valStart, numEnd - valStart, at, idx));
                                } else {
                                    throw PromsnapException.schema(at, idx, "value is not a string or number");
                                }
                            }
                            case JsonLex.TIMESTAMP -> {
                                if (hasTimestamp) {
                                    throw duplicate(keyStart, idx, kArr, kOff, kLen);
                                }
                                hasTimestamp = true;
                                if (c == '"') {
                                    int p = readString(valStart);
                                    consumed = true;
                                    v.setTimestampMillis(Numbers.parseTimestampString(strArr, p, (int) strUtf8, at, idx));
                                } else if (c == '-' || JsonLex.isDigit(c)) {
                                    v.setTimestampMillis(Numbers.parseTimestampNumber(json, valStart, numEnd - valStart, at, idx));
                                } else {
                                    throw PromsnapException.schema(at, idx, "timestamp is not a string or integer");
                                }
                            }
                            default -> {
                                if (c != '"') {
                                    throw JsonErrors.labelNotString(at, idx);
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
                    throw skipper.expectedCommaOr(tokenStart(), '}', c);
                }
                c = expectToken();
            }
        }
        return SampleEnd.finish(view, hasName, hasValue, hasTimestamp, dropped, skip, tokenStart() - off, visitor,
                sel, unselected);
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
            while (i < e && !JsonLex.endsPlainRun(b[i])) {
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
                    if (JsonLex.isHighSurrogate(cp)) {
                        if (JsonLex.lowSurrogateEscapeAt(b, i + 6, e)) {
                            n += 4;
                            i += 12;
                            continue;
                        }
                        if (bad < 0) {
                            bad = i;
                        }
                        n += 3;
                    } else if (JsonLex.isLowSurrogate(cp)) {
                        if (bad < 0) {
                            bad = i;
                        }
                        n += 3;
                    } else {
                        n += JsonLex.utf8Length(cp);
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
        for (int k = 0; k < 4; k++) {
            if (i + k >= end) {
                throw PromsnapException.syntax(end - off, index, "unexpected end of input in an escape sequence");
            }
            if (JsonLex.hex(json[i + k]) < 0) {
                throw syntax(i + k, "unexpected character in a \\u escape, expected a hex digit");
            }
        }
        return JsonLex.hex4(json, i);
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
                if (root && e < end && !JsonLex.isWhitespace(json[e])) {
                    // Jackson: a root-level number must be followed by whitespace or the end
                    throw syntax(e, "expected space separating root-level values");
                }
            }
            case 't', 'f', 'n' -> literal(c, start);
            case ']', '}' -> throw syntax(start, "unexpected close marker '" + (char) c + "'");
            default -> throw syntax(start, "unexpected character, expected a JSON value");
        }
    }

    /** {@link JsonLex#numberEnd}, its errors at the offending byte in Jackson's words. */
    private int lexNumber(int start) {
        int e = JsonLex.numberEnd(json, start, end);
        if (e < 0) {
            int at = ~e;
            NumberError why = NumberError.of(json, start, at, end);
            throw syntax(why == NumberError.TRUNCATED ? end : at, why.jacksonStyle());
        }
        return e;
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
            // as Jackson: a literal may not run into an identifier character ("truex", "null1")
            if (JsonLex.runsIntoLiteral(json[p])) {
                throw syntax(start, "unrecognized token, expected true, false or null");
            }
        }
    }

    /**
     * Skips the value whose first token {@code c} at {@code start} has been lexed (a number or literal is
     * then already consumed; a string when {@code consumed}), with full syntax checks by the shared
     * skipper over the bytes, then moves the reader past it. Strings are checked (surrogates included)
     * but not limited or copied.
     */
    private void skipValue(int c, int start, boolean consumed) throws IOException {
        if (c == '{' || c == '[' || (c == '"' && !consumed)) {
            skipper.pendingBad = -1;
            advanceTo(skipper.skipValue(json, start, end));
        }
    }

    /** The shared skipper with this stage's string and token checks and wording. */
    private final class Skipper extends ValidatingSkipper {
        /** A key's unpaired surrogate escape, reported after its value's first token (Jackson's order). */
        int pendingBad = -1;

        @Override
        protected int afterString(byte[] b, int quote, int end) {
            scanString(quote);
            if (strBadSurrogate >= 0) {
                throw syntax(strBadSurrogate, "invalid surrogate escape");
            }
            return strEnd + 1;
        }

        @Override
        protected int afterKey(byte[] b, int quote, int end) {
            scanString(quote);
            pendingBad = strBadSurrogate;
            return strEnd + 1;
        }

        @Override
        protected void keyChecked() {
            int bad = pendingBad;
            if (bad >= 0) {
                pendingBad = -1;
                throw syntax(bad, "invalid surrogate escape");
            }
        }

        @Override
        protected int afterScalar(byte[] b, int i, int end) {
            try {
                advanceTo(i + 1); // the reader takes the token's first byte, as nextToken() does
                lexValue(b[i] & 0xFF, i, false);
            } catch (IOException e) {
                throw syntax(reader.getCurrentIndex(), "malformed JSON: " + e.getMessage());
            }
            return reader.getCurrentIndex();
        }

        @Override
        protected PromsnapException truncated(int end) {
            return JsonErrors.truncated(end - off, index);
        }

        @Override
        protected PromsnapException expectedKey(int at, int found) {
            return syntax(at, "unexpected character, expected a field name");
        }

        @Override
        protected PromsnapException expectedColon(int at, int found) {
            return syntax(at, "unexpected character, expected ':'");
        }

        @Override
        protected PromsnapException expectedCommaOr(int at, char close, int found) {
            return syntax(at, "unexpected character, expected ',' or '" + close + "'");
        }
    }

    // ---------------------------------------------------------------- cursor

    /** Next token's first byte (consumed) after RFC whitespace, or -1 at the end of input. */
    private int nextToken() throws IOException {
        JsonReader<Object> r = reader;
        while (r.getCurrentIndex() < end) {
            byte b = r.read();
            if (!JsonLex.isWhitespace(b)) {
                return b & 0xFF;
            }
        }
        return -1;
    }

    private int expectToken() throws IOException {
        int c = nextToken();
        if (c < 0) {
            throw JsonErrors.truncated(end - off, index);
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
        return JsonErrors.duplicateKey(keyStart - off, idx, k, kOff, kLen);
    }
}
