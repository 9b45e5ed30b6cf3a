package io.promsnap.loadgen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;

/** Helpers for the command tests; {@link #run} is shared with the relay's tests through the test-jar. */
public final class KafkaTestSupport {
    private KafkaTestSupport() {
    }

    /** Runs a command; returns exit code, stdout and what the command printed to its error writer. */
    public record Run(int exit, String out, String err) {
    }

    public static Run run(Object command, String... args) {
        StringWriter sw = new StringWriter();
        StringWriter ew = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(ew, true));
        int exit = cl.execute(args);
        return new Run(exit, sw.toString(), ew.toString());
    }

    /** The last line of a command's output (consume's 'messages=… decoded=…' line comes after its summary). */
    static String lastLine(String out) {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1];
    }

    static List<Sample> decodeAll(PayloadDecoder decoder, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Sample> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.addAll(decoder.decodeBatch(r.value()).samples());
        }
        return out;
    }

    /** A sample's identity: a series has one sample per timestamp. */
    static String key(Sample s) {
        return s.name() + s.labels() + "@" + s.timestampMillis();
    }

    static Map<String, Sample> byKey(List<Sample> samples) {
        Map<String, Sample> m = new HashMap<>();
        for (Sample s : samples) {
            if (m.put(key(s), s) != null) {
                throw new AssertionError("sample twice: " + s);
            }
        }
        return m;
    }
}
