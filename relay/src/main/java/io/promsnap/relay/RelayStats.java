package io.promsnap.relay;

import java.util.Locale;

/**
 * What a relay run did. Messages: {@code messages = decoded + rejectedMessages + tombstones}. Samples ({@code samplesUnselected}: valid samples
 * that {@code --match} did not select, validated and not forwarded):
 * {@code samplesIn = samplesSent + samplesRejected + samplesUnacknowledged}, where the last is non-zero
 * only when the run stopped before the sink answered (those messages were not committed and are read again);
 * {@code samplesDeadLettered} is the part of {@code samplesRejected} that went to the dead-letter topic
 * (likewise {@code deadLetteredMessages} of {@code rejectedMessages}), not a further term.
 * {@code lastRetryReason}: why the sink's newest retry was made ({@link Sink#lastRetryReason()}), or null.
 */
public record RelayStats(long messages, long decoded, long rejectedMessages, long deadLetteredMessages, long tombstones,
                         long samplesIn, long samplesUnselected, long samplesSent, long samplesRejected, long samplesDeadLettered,
                         long samplesUnacknowledged, long retries, long committedMessages, double seconds,
                         String sink, String stoppedBecause, String lastRetryReason) {

    /** The summary line. */
    public String line() {
        return String.format(Locale.ROOT, "messages=%d decoded=%d rejected=%d tombstones=%d samples_in=%d samples_sent=%d "
                        + "samples_rejected=%d samples_dead_lettered=%d samples_unacknowledged=%d retries=%d committed=%d%s",
                messages, decoded, rejectedMessages, tombstones, samplesIn, samplesSent, samplesRejected,
                samplesDeadLettered, samplesUnacknowledged, retries, committedMessages,
                samplesUnselected > 0 ? " samples_unselected=" + samplesUnselected : "")
                + (retries > 0 && lastRetryReason != null ? " last_retry=\"" + lastRetryReason + "\"" : "");
    }

    /** The --json summary. */
    public String json() {
        return String.format(Locale.ROOT, "{\n  \"messages\": %d,\n  \"decoded\": %d,\n  \"rejected_messages\": %d,\n"
                        + "  \"dead_lettered_messages\": %d,\n  \"tombstones\": %d,\n  \"samples_in\": %d,\n  \"samples_unselected\": %d,\n"
                        + "  \"samples_sent\": %d,\n  \"samples_rejected\": %d,\n  \"samples_dead_lettered\": %d,\n"
                        + "  \"samples_unacknowledged\": %d,\n  \"retries\": %d,\n  \"committed_messages\": %d,\n"
                        + "  \"seconds\": %.3f,\n  \"samples_in_per_second\": %.1f,\n  \"sink\": %s,\n  \"stopped_because\": %s,\n  \"last_retry_reason\": %s\n}\n",
                messages, decoded, rejectedMessages, deadLetteredMessages, tombstones, samplesIn, samplesUnselected, samplesSent,
                samplesRejected, samplesDeadLettered, samplesUnacknowledged, retries, committedMessages, seconds,
                seconds > 0 ? samplesIn / seconds : 0.0, quote(sink), quote(stoppedBecause),
                lastRetryReason == null ? "null" : quote(lastRetryReason));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        io.promsnap.jsonl.JsonLines.string(sb, s == null ? "" : s);
        return sb.toString();
    }
}
