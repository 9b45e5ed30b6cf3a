package example;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;

import java.nio.file.Files;
import java.nio.file.Path;

/** The README's "Use it as a library" loop, as a user would write it. */
public class DecodeSeed {
    public static void main(String[] args) throws Exception {
        byte[] message = Files.readAllBytes(Path.of(args[0]));
        try (PayloadDecoder decoder = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            int n = decoder.decode(message, sample -> {
                System.out.println("sample " + sample.name() + " job=" + sample.label("job")
                        + " value=" + sample.value() + " ts=" + sample.timestampMillis());
            });
            System.out.println("decoded " + n + " sample(s)");
        }
        DecoderRegistry.getDefault().all().forEach(f -> System.out.println("decoder " + f.name() + " "
                + (f.availability().available() ? "available" : "unavailable: " + f.availability().reason())));
        // decoder-core's optional libraries: this project did not add them, so they must not be here
        for (String c : new String[] {"com.fasterxml.jackson.core.JsonFactory", "com.dslplatform.json.DslJson",
                "org.xerial.snappy.Snappy", "io.airlift.compress.snappy.SnappyDecompressor",
                "ch.randelshofer.fastdoubleparser.JavaDoubleParser"}) {
            System.out.println("class " + c + " " + (present(c) ? "present" : "absent"));
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DecodeSeed.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
