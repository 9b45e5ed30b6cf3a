// Builds the `interleaved` corpus of docs/benchmarks.md ("Template parsing"): the 20,000 elements of a
// directory corpus (the bundled `typical`, written out as *.snappy files) taken round-robin from eight
// contiguous eighths, so that consecutive samples mostly belong to different metric families, as when
// several targets' scrapes interleave. 20 payloads x 1,000 samples, raw Snappy, like the input.
// Usage: jshell -R-Din=DIR_WITH_SNAPPY_FILES -R-Dout=OUT_DIR --class-path snappy-java.jar docs/ab-inprocess/interleaved-corpus.jsh
import java.nio.file.*;
import java.util.*;
import org.xerial.snappy.Snappy;
Path in = Path.of(System.getProperty("in")), outDir = Path.of(System.getProperty("out"));
Files.createDirectories(outDir);
List<String> els = new ArrayList<>();
var files = new TreeSet<Path>();
try (var s = Files.list(in)) { s.filter(p -> p.toString().endsWith(".snappy")).forEach(files::add); }
for (Path p : files) {
  String j = new String(Snappy.uncompress(Files.readAllBytes(p)), "UTF-8");
  j = j.substring(1, j.length() - 1);                 // strip the array brackets
  for (String e : j.split("\\},\\{")) els.add(e);      // the traffic model writes no "},{" inside a sample
}
int k = 8, per = els.size() / k;
List<String> out = new ArrayList<>();
for (int i = 0; i < per; i++) for (int s = 0; s < k; s++) out.add(els.get(s * per + i));
for (int p = 0; p < out.size() / 1000; p++) {
  StringBuilder sb = new StringBuilder("[");
  for (int i = 0; i < 1000; i++) {
    String e = out.get(p * 1000 + i);
    if (i > 0) sb.append(',');
    if (!e.startsWith("{")) sb.append('{');
    sb.append(e);
    if (!e.endsWith("}")) sb.append('}');
  }
  sb.append(']');
  Files.write(outDir.resolve(String.format("p%04d.snappy", p)), Snappy.compress(sb.toString().getBytes("UTF-8")));
}
System.out.println(out.size() + " samples in " + out.size() / 1000 + " payloads written to " + outDir);
/exit
