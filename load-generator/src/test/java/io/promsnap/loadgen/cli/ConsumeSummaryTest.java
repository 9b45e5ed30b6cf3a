package io.promsnap.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The keep-up verdict on lag histories whose answer is known. */
class ConsumeSummaryTest {

    /** One point a second: {nanos, consumed, lag, seen = consumed + lag}. */
    private static List<long[]> history(int seconds, long producedPerSec, long consumedPerSec, long jitter) {
        List<long[]> h = new ArrayList<>();
        for (int t = 0; t <= seconds; t++) {
            long produced = producedPerSec * t;
            long consumed = Math.min(produced, consumedPerSec * t);
            long wobble = t % 2 == 0 ? 0 : Math.min(jitter, consumed); // a batch in flight now and then
            h.add(new long[] {t * 1_000_000_000L, consumed - wobble, produced - consumed + wobble, produced});
        }
        return h;
    }

    @Test
    void aConsumerAsFastAsTheProducerKeptUpEvenWithALagThatWobbles() {
        ConsumeSummary.KeepUp k = ConsumeSummary.keepUp(history(30, 100, 100, 40));
        assertThat(k.keptUp()).as(k.verdict()).isTrue();
        assertThat(k.verdict()).startsWith("KEPT UP");
        assertThat(k.producedPerSec()).isEqualTo(100.0);
        assertThat(k.maxLag()).isEqualTo(40);
    }

    @Test
    void aConsumerAtNinetyPercentOfTheProduceRateFellBehind() {
        ConsumeSummary.KeepUp k = ConsumeSummary.keepUp(history(60, 100, 90, 0));
        assertThat(k.keptUp()).as(k.verdict()).isFalse();
        assertThat(k.lagGrowthPerSec()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(k.lagAtEndOfProduction()).isEqualTo(600);
    }

    @Test
    void aBacklogReadAndATooShortRunAreNotJudged() {
        List<long[]> backlog = new ArrayList<>();
        // before the first fetch the lag is unknown (-1): it must not read as 0 and then as growth
        backlog.add(new long[] {0, 0, -1, -1});
        backlog.add(new long[] {500_000_000L, 0, -1, -1});
        for (int t = 1; t < 10; t++) {
            backlog.add(new long[] {t * 1_000_000_000L, 100L * (t - 1), 1000 - 100L * (t - 1), 1000});
        }
        assertThat(ConsumeSummary.keepUp(backlog).keptUp()).isNull();
        assertThat(ConsumeSummary.keepUp(history(2, 100, 100, 0)).keptUp()).isNull();
        assertThat(ConsumeSummary.keepUp(List.of()).keptUp()).isNull();
    }
}
