package io.promsnap.cli;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "decoders", mixinStandardHelpOptions = true,
        description = "List every registered decoder and whether it can run here.")
final class DecodersCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DecoderRegistry r = DecoderRegistry.getDefault();
        out.printf("%-26s %-11s %-9s %s%n", "DECODER", "STATUS", "RUNTIME", "DESCRIPTION");
        for (DecoderFactory f : r.all()) {
            DecoderFactory.Availability a = f.availability();
            out.printf("%-26s %-11s %-9s %s%n", f.name(), a.available() ? "available" : "UNAVAILABLE",
                    f.pureJava() ? "java" : "jni", a.available() ? f.description() : a.reason());
        }
        for (String line : io.promsnap.decoders.Diagnostics.lines()) {
            out.println(line);
        }
        for (String e : r.loadErrors()) {
            out.println("could not load a decoder provider: " + e);
        }
        out.flush();
        return 0;
    }
}
