package io.promsnap.suite;

import io.promsnap.DecoderConfig;
import io.promsnap.ErrorPolicy;
import io.promsnap.spi.JsonStage;
import io.promsnap.testing.Stages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of valid and nearly valid payloads: every registered JSON stage must give the same
 * samples, skips and error (category, sample index, offset for non-syntax errors) on every one, and never
 * throw anything but PromsnapException. Seeded, so a failure reproduces.
 */
class CrossStageFuzzTest {
    private static final String[] SEEDS = {
        AbstractJsonStageSuite.SEED,
        "[{\"__name__\":\"up\",\"job\":\"a\\u00e9\\\"\\\\b\",\"x\":\"名😀\",\"value\":\"1.5e+09\",\"timestamp\":\"-12\"},"
                + " {\"value\":-0.5e-3,\"__name__\":\"n\",\"timestamp\":7,\"\":\"\"}]",
        "[{\"__name__\":\"m\",\"l\":{\"a\":[1,-2.5,true,false,null,\"s\",{}]},\"value\":\"NaN\",\"timestamp\":\"1\"},"
                + "{\"__name__\":\"m\",\"value\":\"+Inf\",\"timestamp\":\"1\",\"k\":\"\\uD83D\\uDE00\"}]",
        "[]",
        "[{\"__name__\":\"a\",\"value\":\"1\",\"timestamp\":\"1\",\"v\":\"w\"},{\"__name__\":\"a\",\"value\":1,\"timestamp\":1}]",
    };
    private static final String[] PIECES = {
        "\"", "\\", "\\u", "\\uD800", "\\uDC00", "\\uD83D\\uDE00", "{", "}", "[", "]", ",", ":", " ", "\t", "\n", "\r",
        "-", "0", "1", ".", "e", "E", "+", "true", "false", "null", "tru", "x", "é", "名", "😀", "\u00a0", "\u2028",
        "\"__name__\"", "\"value\"", "\"timestamp\"", "\"job\"", "\"1\"", "\"NaN\"", "1e400", "01", "\\n", "\\q", "/",
        "'", "#", "\u0000", "\u000b",
    };

    @Test
    void everyStageAgreesOnMutatedPayloads() {
        Map<String, Function<DecoderConfig, JsonStage>> stages = Stages.all();
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        Random rnd = new Random(Long.getLong("fuzz.seed", 20261125L));
        int runs = 0;
        for (int iter = 0; iter < Integer.getInteger("fuzz.iterations", 6000); iter++) {
            String s = SEEDS[rnd.nextInt(SEEDS.length)];
            StringBuilder sb = new StringBuilder(s);
            int mutations = 1 + rnd.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int pos = rnd.nextInt(sb.length() + 1);
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.insert(pos, PIECES[rnd.nextInt(PIECES.length)]);
                    case 1 -> {
                        if (pos < sb.length()) {
                            sb.delete(pos, Math.min(sb.length(), pos + 1 + rnd.nextInt(4)));
                        }
                    }
                    case 2 -> {
                        if (pos < sb.length()) {
                            sb.replace(pos, pos + 1, PIECES[rnd.nextInt(PIECES.length)]);
                        }
                    }
                    default -> sb.setLength(Math.min(sb.length(), pos));
                }
            }
            byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(10) == 0 && json.length > 0) {
                json[rnd.nextInt(json.length)] = (byte) rnd.nextInt(256); // raw byte noise, UTF-8 may break
            }
            DecoderConfig config = rnd.nextBoolean() ? DecoderConfig.defaults()
                    : DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP);
            try {
                StageRun.agree(stages, json, config, AbstractJsonStageSuite.SEED, true);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("iteration " + iter + " " + config.errorPolicy() + " on "
                        + Arrays.toString(json) + "\n" + new String(json, StandardCharsets.UTF_8), e);
            }
            runs++;
        }
        assertThat(runs).isEqualTo(Integer.getInteger("fuzz.iterations", 6000));
    }
}
