package io.promsnap.traffic.encode;

/** How sample values are spelled in the JSON. */
public enum ValueSpelling {
    /** Java's {@code Double.toString}: {@code 675.0}, {@code 1.5E9}, {@code Infinity}, {@code NaN} (the seed's spelling). */
    JAVA,
    /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} as Prometheus prints: {@code 675}, {@code 1.5e+09}, {@code +Inf}. */
    GO
}
