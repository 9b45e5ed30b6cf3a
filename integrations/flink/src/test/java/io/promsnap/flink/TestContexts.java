package io.promsnap.flink;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** What a source hands a schema's {@code open()}, for tests that call a schema directly. */
final class TestContexts {
    private TestContexts() {
    }

    static DeserializationSchema.InitializationContext init(MetricGroup metrics) {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(TestContexts.class.getClassLoader());
            }
        };
    }

    static DeserializationSchema.InitializationContext init() {
        return init(new UnregisteredMetricsGroup());
    }
}
