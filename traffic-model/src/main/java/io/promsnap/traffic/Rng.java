package io.promsnap.traffic;

import java.util.SplittableRandom;

/**
 * The model's only source of randomness. Everything is drawn from one {@link SplittableRandom} in a
 * fixed order, with our own Gaussian (not {@code RandomGenerator.nextGaussian}, whose algorithm is not
 * specified), so a seed reproduces the same samples byte for byte.
 */
final class Rng {
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";
    // the alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable digits)
    private static final String KUBE = "bcdfghjklmnpqrstvwxz2456789";

    private final SplittableRandom r;

    Rng(long seed) {
        this.r = new SplittableRandom(seed);
    }

    double uniform() {
        return r.nextDouble();
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    boolean chance(double p) {
        // draw even when p == 0 so that the sequence does not depend on the shares configured
        return r.nextDouble() < p;
    }

    /** Standard normal, Box-Muller (one value per call, no caching, so the sequence is simple). */
    double gaussian() {
        double u1 = 1.0 - r.nextDouble(); // (0, 1]
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Log-uniform in [lo, hi): realistic spread of rates and sizes across series. */
    double logUniform(double lo, double hi) {
        return Math.exp(uniform(Math.log(lo), Math.log(hi)));
    }

    <T> T pick(T[] options) {
        return options[r.nextInt(options.length)];
    }

    String chars(String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    String alnum(int n) {
        return chars(ALNUM, n);
    }

    String hex(int n) {
        return chars(HEX, n);
    }

    String kube(int n) {
        return chars(KUBE, n);
    }

    String digits(int n) {
        return chars("0123456789", n);
    }

    String uuid() {
        return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-" + chars("89ab", 1) + hex(3) + "-" + hex(12);
    }

    String ip(int a) {
        return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
