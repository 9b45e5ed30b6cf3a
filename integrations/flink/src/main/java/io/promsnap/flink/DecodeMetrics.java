package io.promsnap.flink;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The counters every promsnap decoding step registers under the {@code promsnap} group, so that skipped
 * input is visible in Flink's metrics instead of silently gone.
 */
final class DecodeMetrics {
    final Counter messages;
    final Counter samples;
    final Counter badMessages;
    final Counter skippedSamples;

    DecodeMetrics(MetricGroup parent) {
        MetricGroup g = parent.addGroup("promsnap");
        messages = g.counter("messages");
        samples = g.counter("samples");
        badMessages = g.counter("badMessages");
        skippedSamples = g.counter("skippedSamples");
    }
}
