import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/*
 * Used for docs/benchmarks.md ("Template parsing"): not part of the build.
 *   javac -d classes -cp CAND.jar AbRun.java && javac -d . AbMain.java
 *   java -Dmodes=0,1 -cp . AbMain CORPUS_DIR PAIRS SLICE_MS [DECODER]
 * expects /tmp/template-ab/base.jar and /tmp/template-ab/cand.jar (promsnap.jar of each build) and the
 * compiled AbRun in /tmp/template-ab/inproc/classes; modes: 0 decoder, 1 parse-only:scanner,
 * 2 decompress-only:aircompressor, 3 seed-naive.
 */
/** In-process A/B: base and candidate jars in two class loaders, short slices alternated, ratio per pair. */
public final class AbMain {
    public static void main(String[] a) throws Exception {
        String corpus = a[0];
        int rounds = Integer.parseInt(a[1]);
        long slice = Long.parseLong(a[2]) * 1_000_000L;
        String decoderName = a.length > 3 ? a[3] : "aircompressor+scanner";
        URL classes = Path.of("/tmp/template-ab/inproc/classes").toUri().toURL();
        Method[][] m = new Method[2][];
        String[] sides = {"base", "cand"};
        for (int s = 0; s < 2; s++) {
            URL jar = Path.of("/tmp/template-ab/" + sides[s] + ".jar").toUri().toURL();
            ClassLoader cl = new URLClassLoader(new URL[] {classes, jar}, ClassLoader.getPlatformClassLoader());
            Class<?> c = Class.forName("AbRun", true, cl);
            c.getMethod("init", String.class, String.class).invoke(null, corpus, decoderName);
            m[s] = new Method[] {c.getMethod("run", int.class, long.class), c.getMethod("checksum")};
        }
        int[] modes = java.util.Arrays.stream(System.getProperty("modes", "0,1").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int mode : modes) {
            for (int w = 0; w < 4; w++) {
                for (int s = 0; s < 2; s++) {
                    m[s][0].invoke(null, mode, slice);
                }
            }
        }
        for (int mode : modes) {
            StringBuilder sb = new StringBuilder();
            double sumLog = 0, sumSq = 0;
            double[] bs = new double[rounds], cs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                int first = r % 2;
                double[] v = new double[2];
                v[first] = (double) m[first][0].invoke(null, mode, slice);
                v[1 - first] = (double) m[1 - first][0].invoke(null, mode, slice);
                bs[r] = v[0];
                cs[r] = v[1];
                double l = Math.log(v[1] / v[0]);
                sumLog += l;
                sumSq += l * l;
                sb.append(String.format(" %.3f", v[1] / v[0]));
            }
            double mean = sumLog / rounds;
            double sd = Math.sqrt((sumSq - rounds * mean * mean) / (rounds - 1));
            double h = 2.02 * sd / Math.sqrt(rounds); // t(0.975, ~40)
            java.util.Arrays.sort(bs);
            java.util.Arrays.sort(cs);
            System.out.printf("%s %s: base median %.3f M samples/s, cand median %.3f M samples/s, ratio %.3f (95%% %.3f-%.3f), %d pairs of %d ms%n  per pair:%s%n",
                    corpus, mode == 0 ? decoderName : mode == 1 ? "parse-only:scanner" : mode == 2 ? "decompress-only:aircompressor" : "seed-naive", bs[rounds / 2] / 1e6, cs[rounds / 2] / 1e6,
                    Math.exp(mean), Math.exp(mean - h), Math.exp(mean + h), rounds, slice / 1_000_000, sb);
        }
        System.out.println("checksums " + m[0][1].invoke(null) + " " + m[1][1].invoke(null));
    }
}
