package io.promsnap.traffic;

/** The Prometheus metric type a generated series belongs to. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY
}
