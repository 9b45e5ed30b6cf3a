package io.promsnap.traffic.encode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A slow, obviously-correct model of Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} for tests (here
 * and in decoder-bench, through the test-jar): exact {@code BigDecimal} arithmetic to find the shortest
 * decimal that {@code Double.parseDouble} reads back as {@code v} (the nearest one when several are
 * equally short), then Go's {@code %g} layout built with strings. Shares no code with {@link ValueFormat}.
 */
public final class GoFloatReference {
    private GoFloatReference() {
    }

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        String sign = v < 0 ? "-" : "";
        double a = Math.abs(v);
        BigDecimal exact = new BigDecimal(a);
        BigDecimal best = null;
        for (int p = 1; p <= 17 && best == null; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            BigDecimal ulp = r.ulp();
            // nearest first, then the neighbours (the interval is lopsided at powers of two)
            for (BigDecimal c : new BigDecimal[] {r, r.subtract(ulp), r.add(ulp)}) {
                if (c.signum() > 0 && Double.parseDouble(c.toString()) == a
                        && c.stripTrailingZeros().precision() <= p) {
                    best = c;
                    break;
                }
            }
        }
        BigDecimal d = best.stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - d.scale() - 1; // decimal exponent of the first digit
        if (exp < -4 || exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + d.toPlainString();
    }
}
