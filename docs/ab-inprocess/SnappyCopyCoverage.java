// The share of a directory corpus's JSON bytes that its raw Snappy blocks write as copy elements (docs/benchmarks.md,
// "Compressed-domain hints"), and how many of those copies lie wholly inside one JSON string.
// Usage: java -cp snappy-java.jar docs/ab-inprocess/SnappyCopyCoverage.java CORPUS_DIR... (raw Snappy blocks, *.snappy)
import java.nio.file.*;
import java.util.*;

public class SnappyCopyCoverage {
    public static void main(String[] a) throws Exception {
        for (String d : a) {
            Path dir = Path.of(d);
            long out = 0, copied = 0, copiesN = 0, literalsN = 0, inString = 0, long16 = 0;
            long[] lenHist = new long[5];
            List<Path> files = new ArrayList<>();
            try (var list = Files.list(dir)) {
                list.filter(f -> f.toString().endsWith(".snappy")).sorted().forEach(files::add);
            }
            for (Path f : files) {
                byte[] c = Files.readAllBytes(f);
                byte[] json = org.xerial.snappy.Snappy.uncompress(c);
                // string-content map: true where the byte is inside a JSON string (between quotes, not the quotes)
                boolean[] in = new boolean[json.length];
                boolean s = false;
                for (int i = 0; i < json.length; i++) {
                    byte b = json[i];
                    if (s) {
                        if (b == '\\') { in[i] = true; in[i + 1] = true; i++; continue; }
                        if (b == '"') { s = false; continue; }
                        in[i] = true;
                    } else if (b == '"') s = true;
                }
                int p = 0; long n = 0; int shift = 0;
                while (true) { int b = c[p++] & 0xff; n |= (long) (b & 0x7f) << shift; shift += 7; if (b < 0x80) break; }
                int o = 0;
                while (p < c.length) {
                    int tag = c[p++] & 0xff;
                    int len;
                    switch (tag & 3) {
                        case 0 -> {
                            len = (tag >>> 2) + 1;
                            if (len > 60) { int k = len - 60; len = 0; for (int i = 0; i < k; i++) len |= (c[p++] & 0xff) << (8 * i); len += 1; }
                            p += len; o += len; literalsN++;
                            continue;
                        }
                        case 1 -> { len = 4 + ((tag >>> 2) & 7); p++; }
                        case 2 -> { len = (tag >>> 2) + 1; p += 2; }
                        default -> { len = (tag >>> 2) + 1; p += 4; }
                    }
                    copiesN++; copied += len;
                    lenHist[len < 8 ? 0 : len < 16 ? 1 : len < 32 ? 2 : len < 64 ? 3 : 4]++;
                    if (len >= 16) long16 += len;
                    boolean all = true;
                    for (int i = o; i < o + len; i++) if (!in[i]) { all = false; break; }
                    if (all) inString += len;
                    o += len;
                }
                if (o != json.length) throw new IllegalStateException("length " + o + " != " + json.length);
                out += json.length;
            }
            System.out.printf("%s: %,d bytes; copies %.1f%% of bytes (%,d copies, mean %.1f B; %,d literals); copies >=16 B %.1f%%; copies wholly inside one string %.1f%%; length <8/<16/<32/<64/>=64: %s%n",
                dir.getFileName(), out, 100.0 * copied / out, copiesN, (double) copied / copiesN, literalsN, 100.0 * long16 / out, 100.0 * inString / out, Arrays.toString(lenHist));
        }
    }
}
