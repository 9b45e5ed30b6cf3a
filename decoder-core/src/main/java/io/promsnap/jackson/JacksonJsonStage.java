package io.promsnap.jackson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.base.ParserBase;
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
import io.promsnap.internal.json.SampleEnd;
import io.promsnap.internal.select.SelectorEvaluator;
import io.promsnap.internal.text.Numbers;
import io.promsnap.internal.text.Utf16;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Objects;

/**
 * The {@code jackson} JSON stage: jackson-core's streaming {@link JsonParser} over the decompressed bytes
 * (no databind, no tree), with the semantics of docs/format.md.
 *
 * <p>Jackson is configured as a strict RFC 8259 parser whose own {@link StreamReadConstraints} never fire
 * (every bound is {@code Integer.MAX_VALUE}), so that the project's {@link DecodeLimits} are the only
 * limits and apply exactly as in every other stage. Jackson does the lexing: tokens, whitespace, string
 * validation and unescaping, the number grammar, nesting (skipping included). promsnap's own code runs
 * for what Jackson does not check or where its result is not what this stage delivers: lone surrogate
 * escapes (Jackson decodes them into unpaired chars), a leading BOM and trailing data after the array,
 * the schema; a string without escapes is taken from the input bytes (Jackson only skips it) and one
 * with escapes is re-encoded to UTF-8 from Jackson's chars into a scratch array reset per sample; numbers
 * are parsed by {@link Numbers} from the token's text (not Jackson's {@code getDoubleValue()}); key kinds
 * come from {@link JsonLex#keyKind}. Field names are Jackson's canonical {@code String}s, mapped to their
 * UTF-8 bytes through a small identity cache, so that a sample costs no allocation in steady state.
 *
 * <p>Known cost: Jackson keeps one small context object per open nesting level, so skipping a label value
 * nested N levels deep (only under {@link ErrorPolicy#SKIP}) holds about 56 bytes per level until the
 * payload ends. Reused across payloads; not thread-safe.
 */
public final class JacksonJsonStage implements JsonStage {
    /** Distinct field names remembered; beyond it the cache starts over (random keys must not grow it). */
    private static final int KEY_CACHE_MAX = 4096;

    private final JsonFactory factory;
    private final DecodeLimits limits;
    private final boolean skip;
    /** The selector on bytes, or null when every sample is selected. */
    private final SelectorEvaluator sel;
    /** The current sample's name was rejected by {@link #sel}: its value is validated, not parsed. */
    private boolean unselected;
    private final SampleWriter writer = new SampleWriter();
    private final SampleView view = writer.view();
    private final IdentityHashMap<String, Key> keys = new IdentityHashMap<>();

    /** UTF-8 of this sample's strings; replaced (never overwritten) when it fills, so earlier views stay valid. */
    private byte[] scratch = new byte[4096];
    private int scratchPos;
    /** ASCII of the current value or timestamp token, for {@link Numbers}. */
    private byte[] num = new byte[64];

    // per payload
    private byte[] json;
    private int off;
    private int len;
    private long index;

    public JacksonJsonStage(DecoderConfig config) {
        Objects.requireNonNull(config, "config");
        this.limits = config.limits();
        this.skip = config.errorPolicy() == ErrorPolicy.SKIP;
        this.sel = SelectorEvaluator.of(config.selector());
        StreamReadConstraints unlimited = StreamReadConstraints.builder()
                .maxNestingDepth(Integer.MAX_VALUE)
                .maxNumberLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .maxDocumentLength(-1)
                .maxTokenCount(-1)
                .build();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(unlimited)
                // a hash-flooding attack on field names must cost time, not fail differently from other stages
                .disable(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW)
                .build();
        // Every JsonReadFeature (comments, NaN tokens, leading zeros, trailing commas, unescaped control
        // characters, any-character escapes...) is off by default: Jackson is already RFC-strict.
    }

    @Override
    public String name() {
        return JacksonLibrary.LIBRARY.name();
    }

    @Override
    public String description() {
        return JacksonLibrary.LIBRARY.description();
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
        this.len = len;
        this.index = -1;
        writer.startPayload();
        JsonParser p = null;
        if (len >= 3 && json[off] == (byte) 0xEF && json[off + 1] == (byte) 0xBB && json[off + 2] == (byte) 0xBF) {
            // Jackson's byte-source bootstrapper silently skips a UTF-8 BOM; docs/format.md allows only
            // space, tab, LF and CR around tokens, and the other stages reject it (corpus case json-bom)
            throw PromsnapException.syntax(0, -1, "byte order mark before the JSON text (not JSON whitespace)");
        }
        try {
            p = factory.createParser(json, off, len);
            return parseDocument(p, visitor);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long at = loc == null ? -1 : loc.getByteOffset();
            throw new PromsnapException(ErrorCategory.JSON_SYNTAX, PromsnapException.Region.JSON, at, index,
                    firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            // byte[] input: cannot happen except as a parse problem
            throw new PromsnapException(ErrorCategory.JSON_SYNTAX, PromsnapException.Region.JSON, -1, index,
                    firstLine(e.getMessage()), e);
        } finally {
            this.json = null;
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // closing a byte[] parser only returns buffers to the recycler
                }
            }
        }
    }

    private int parseDocument(JsonParser p, SampleVisitor visitor) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw PromsnapException.syntax(len, -1, "empty input");
        }
        if (t != JsonToken.START_ARRAY) {
            throw JsonErrors.topLevelNotArray(tokenOffset(p));
        }
        int delivered = 0;
        long idx = 0;
        index = 0;
        t = p.nextToken();
        while (t != JsonToken.END_ARRAY) {
            long start = tokenOffset(p);
            limits.checkSampleIndex(idx, start);
            if (t != JsonToken.START_OBJECT) {
                throw JsonErrors.elementNotObject(start, idx);
            }
            if (readSample(p, idx, visitor)) {
                delivered++;
            }
            idx++;
            index = idx;
            t = p.nextToken();
        }
        index = -1;
        // Jackson stops after the root value; anything but whitespace after the array is an error.
        int pos = off + (int) p.currentLocation().getByteOffset();
        int end = off + len;
        while (pos < end && JsonLex.isWhitespace(json[pos])) {
            pos++;
        }
        if (pos < end) {
            throw PromsnapException.syntax(pos - off, -1, "trailing data after the array");
        }
        return delivered;
    }

    /** Reads one element after its START_OBJECT. Returns whether a sample was delivered. */
    private boolean readSample(JsonParser p, long idx, SampleVisitor visitor) throws IOException {
        SampleWriter v = writer;
        v.begin(idx);
        unselected = false;
        scratchPos = 0;
        boolean hasName = false;
        boolean hasValue = false;
        boolean hasTimestamp = false;
        PromsnapException dropped = null;
        while (true) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_OBJECT) {
                break;
            }
            // t is FIELD_NAME; Jackson has also lexed the value's first token (not a string's content)
            long valueStart = tokenOffset(p);
            String fieldName = p.currentName();
            if (dropped != null) {
                checkKeyUnused(p, fieldName, valueStart);
                skipValue(p, p.nextToken());
                continue;
            }
            Key k = key(fieldName, valueStart);
            t = p.nextToken();
            try {
                switch (k.kind) {
                    case JsonLex.NAME -> {
                        if (hasName) {
                            throw duplicate(valueStart, idx, fieldName);
                        }
                        hasName = true;
                        if (t != JsonToken.VALUE_STRING) {
                            throw JsonErrors.nameNotString(valueStart, idx);
                        }
                        int n = readString(p, valueStart);
                        v.setName(strArr, strOff, n);
                        if (sel != null) {
                            unselected = sel.nameRejected(strArr, strOff, n);
                        }
                    }
                    case JsonLex.VALUE -> {
                        if (hasValue) {
                            throw duplicate(valueStart, idx, fieldName);
                        }
                        hasValue = true;
                        if (t == JsonToken.VALUE_STRING) {
                            int n = readString(p, valueStart);
                            if (unselected) {
                                Numbers.checkValueString(strArr, strOff, n, valueStart, idx);
                            } else {
                                v.setValue(Numbers.parseValueString(strArr, strOff, n, valueStart, idx));
                            }
                        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            int n = numberText(p);
                            v.setValue(Numbers.parseValueNumber(num, 0, n, valueStart, idx));
                        } else {
                            throw PromsnapException.schema(valueStart, idx, "value is not a string or number");
                        }
                    }
                    case JsonLex.TIMESTAMP -> {
                        if (hasTimestamp) {
                            throw duplicate(valueStart, idx, fieldName);
                        }
                        hasTimestamp = true;
                        if (t == JsonToken.VALUE_STRING) {
                            int n = readString(p, valueStart);
                            v.setTimestampMillis(Numbers.parseTimestampString(strArr, strOff, n, valueStart, idx));
                        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            int n = numberText(p);
                            v.setTimestampMillis(Numbers.parseTimestampNumber(num, 0, n, valueStart, idx));
                        } else {
                            throw PromsnapException.schema(valueStart, idx, "timestamp is not a string or integer");
                        }
                    }
                    default -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw JsonErrors.labelNotString(valueStart, idx);
                        }
                        int n = readString(p, valueStart);
                        if (v.labelCount() >= limits.maxLabelsPerSample()) {
                            // keyStart only on the failing path: it scans backwards through the input
                            limits.checkLabelCount(v.labelCount() + 1, keyStart(valueStart), idx);
                        }
                        if (!v.addLabel(k.utf8, 0, k.utf8.length, strArr, strOff, n)) {
                            throw duplicate(valueStart, idx, fieldName);
                        }
                    }
                }
            } catch (PromsnapException e) {
                if (!skip || e.category() != ErrorCategory.SCHEMA) {
                    throw e;
                }
                dropped = e;
                skipValue(p, t);
            }
        }
        return SampleEnd.finish(view, hasName, hasValue, hasTimestamp, dropped, skip, tokenOffset(p), visitor, sel,
                unselected);
    }

    private PromsnapException duplicate(long valueStart, long idx, String fieldName) {
        return JsonErrors.duplicateKey(keyStart(valueStart), idx, fieldName);
    }

    /**
     * Skips the value whose first token is {@code t} (already current), iteratively. Strings passed over
     * are still checked for lone surrogates, as everywhere; limits do not apply to what is dropped.
     */
    private void skipValue(JsonParser p, JsonToken t) throws IOException {
        int depth = 0;
        while (true) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.VALUE_STRING) {
                long start = tokenOffset(p);
                if (Utf16.utf8Length(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) < 0) {
                    throw badSurrogate(start);
                }
            } else if (t == JsonToken.FIELD_NAME) {
                checkKeyUnused(p, p.currentName(), tokenOffset(p));
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /** A field name that is only passed over: surrogates checked, nothing cached. */
    private void checkKeyUnused(JsonParser p, String name, long valueStart) {
        Key k = keys.get(name);
        if (k == null && utf8Length(name.toCharArray()) < 0) { // a cache miss only
            throw badSurrogate(keyStart(valueStart));
        }
    }

    /** The UTF-8 of a field name (cached by identity: Jackson canonicalizes names), checked on first sight. */
    private Key key(String name, long valueStart) {
        Key k = keys.get(name);
        if (k != null) {
            return k;
        }
        char[] chars = name.toCharArray(); // a cache miss only
        long n = utf8Length(chars);
        if (n < 0) {
            throw badSurrogate(keyStart(valueStart));
        }
        limits.checkStringBytes(n, keyStart(valueStart), index);
        byte[] utf8 = new byte[(int) n];
        Utf16.encode(chars, 0, chars.length, utf8, 0);
        k = new Key(utf8, JsonLex.keyKind(utf8, 0, utf8.length));
        if (keys.size() >= KEY_CACHE_MAX) {
            keys.clear();
        }
        keys.put(name, k);
        return k;
    }

    /** Where the last {@link #readString} put its UTF-8 (the input or the scratch array). */
    private byte[] strArr;
    private int strOff;

    /**
     * Length of the plain string whose opening quote is at {@code start} (relative to {@code off}) when it
     * has no escape and no control character before its closing quote, else -1. Such a string's UTF-8 is
     * the input itself (validated by the shared pre-pass; without escapes it cannot hold a lone surrogate),
     * so it needs neither Jackson's char decoding nor re-encoding: Jackson then only skips it, and still
     * checks it as it does. Anything else (escapes, control characters, a missing quote) takes the slow
     * path, where Jackson decodes and reports errors exactly as before.
     */
    private int plainLength(long start) {
        byte[] b = json;
        int s = off + (int) start + 1;
        int i = s;
        int e = off + len;
        while (i < e && !JsonLex.endsPlainRun(b[i])) {
            i++;
        }
        return i < e && b[i] == '"' ? i - s : -1;
    }

    /** The current string token's UTF-8 at {@link #strArr}/{@link #strOff}; returns its length. */
    private int readString(JsonParser p, long start) throws IOException {
        int plain = plainLength(start);
        if (plain >= 0) {
            limits.checkStringBytes(plain, start, index);
            strArr = json;
            strOff = off + (int) start + 1;
            return plain;
        }
        char[] cs = p.getTextCharacters();
        int co = p.getTextOffset();
        int cl = p.getTextLength();
        long n = Utf16.utf8Length(cs, co, cl);
        if (n < 0) {
            throw badSurrogate(start);
        }
        limits.checkStringBytes(n, start, index);
        int need = (int) n;
        if (scratch.length - scratchPos < need) {
            // a new array: views already handed to this sample keep pointing into the old one
            scratch = new byte[Math.max(need, scratch.length * 2)];
            scratchPos = 0;
        }
        strArr = scratch;
        strOff = scratchPos;
        scratchPos = Utf16.encode(cs, co, cl, scratch, scratchPos);
        return need;
    }

    /** The ASCII text of the current number token into {@link #num}. */
    private int numberText(JsonParser p) throws IOException {
        char[] cs = p.getTextCharacters();
        int co = p.getTextOffset();
        int cl = p.getTextLength();
        if (num.length < cl) {
            num = new byte[Math.max(cl, num.length * 2)];
        }
        for (int i = 0; i < cl; i++) {
            num[i] = (byte) cs[co + i];
        }
        return cl;
    }

    /** Offset of the current (non-name) token's first byte, relative to {@code off}, without allocating. */
    private static long tokenOffset(JsonParser p) {
        // ParserBase counts one past the token start (getTokenLocation() subtracts the same one)
        return ((ParserBase) p).getTokenCharacterOffset() - 1;
    }

    /**
     * The opening quote of the field name whose value starts at {@code valueStart}: back over whitespace,
     * the colon and whitespace to the closing quote, then back to the first quote that is not escaped
     * (preceded by an even number of backslashes). Only on error paths.
     */
    private long keyStart(long valueStart) {
        int i = off + (int) valueStart - 1;
        while (i > off && json[i] != ':') {
            i--;
        }
        i--;
        while (i > off && json[i] != '"') {
            i--;
        }
        i--; // now inside the name, before its closing quote
        while (i > off) {
            if (json[i] == '"') {
                int bs = 0;
                while (json[i - 1 - bs] == '\\') {
                    bs++;
                }
                if ((bs & 1) == 0) {
                    break;
                }
            }
            i--;
        }
        return i - off;
    }

    /** Locates the first lone surrogate escape of the string starting (at its quote) at {@code start}. */
    private PromsnapException badSurrogate(long start) {
        int i = off + (int) start + 1;
        int end = off + len;
        long at = start;
        while (i < end && json[i] != '"') {
            if (json[i] == '\\' && i + 1 < end) {
                if (json[i + 1] == 'u' && i + 6 <= end) {
                    int c = JsonLex.hex4(json, i + 2);
                    if (JsonLex.isHighSurrogate(c)) {
                        if (JsonLex.lowSurrogateEscapeAt(json, i + 6, end)) {
                            i += 12;
                            continue;
                        }
                        at = i - off;
                        break;
                    }
                    if (JsonLex.isLowSurrogate(c)) {
                        at = i - off;
                        break;
                    }
                    i += 6;
                    continue;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return PromsnapException.syntax(at, index, "invalid surrogate escape");
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "malformed JSON";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A field name's UTF-8 and role. */
    private record Key(byte[] utf8, int kind) {
    }

    private static long utf8Length(char[] cs) {
        return Utf16.utf8Length(cs, 0, cs.length);
    }
}
