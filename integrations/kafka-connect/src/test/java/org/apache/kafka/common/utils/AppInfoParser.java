package org.apache.kafka.common.utils;

/**
 * Test-only bridge so that the real {@code FileStreamSinkConnector} can run on the 4.4.0 worker.
 *
 * <p>Maven Central serves no {@code connect-file} 4.4.0 (nor 4.3.2); the newest served, 4.3.1, calls
 * {@code org.apache.kafka.common.utils.AppInfoParser.getVersion()} from its {@code version()} methods,
 * and Kafka 4.4.0 moved that class to {@code ...utils.internals}. That one call is the only reference
 * connect-file 4.3.1 makes to a class 4.4.0 does not have (checked with javap over the jar), so this
 * class answers it with 4.4.0's value. Remove it when connect-file 4.4.0 is served.
 */
public final class AppInfoParser {
    private AppInfoParser() {
    }

    public static String getVersion() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
    }
}
