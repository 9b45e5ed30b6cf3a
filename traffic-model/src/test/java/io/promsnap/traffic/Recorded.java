package io.promsnap.traffic;

import java.util.ArrayList;
import java.util.List;

/** A sample as the model emitted it, for tests. */
public record Recorded(Series series, double value, long timestampMillis) {

    /** A sink that records everything. */
    public static final class Recorder implements SampleSink {
        public final List<Recorded> samples = new ArrayList<>();

        @Override
        public void accept(Series series, double value, long timestampMillis) {
            samples.add(new Recorded(series, value, timestampMillis));
        }
    }

    public static List<Recorded> scrapes(TrafficModel m, int scrapes) {
        Recorder r = new Recorder();
        for (int i = 0; i < scrapes; i++) {
            m.scrape(r);
        }
        return r.samples;
    }
}
