package io.jcoro.agent;

import io.jcoro.weaver.build.WeaveException;
import io.jcoro.weaver.build.WeaveReport;
import io.jcoro.weaver.build.Weaver;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar jcoro-agent.jar weave [--classpath CP] [--verbose] [--no-fail] IN OUT}: weaves a class
 * directory or a jar at build time (see {@link Weaver}), so that the program runs without the agent.
 * Exit status: 0 woven, 1 weaving failed (the messages on stderr), 2 misuse (the usage on stderr).
 */
public final class AgentMain {
    static final String USAGE = String.join("\n",
            "usage: java -jar jcoro-agent.jar weave [--classpath CP] [--verbose] [--no-fail] IN OUT",
            "       java -jar jcoro-agent.jar help",
            "",
            "Weaves the @Suspendable methods of IN into OUT at build time: the program then runs with the",
            "jcoro runtime jars (jcoro-continuation-api, jcoro-scheduler) on its class path and no agent.",
            "",
            "  IN, OUT          a class directory or a jar each; OUT may be IN (in place). An OUT that does",
            "                   not exist is a jar if its name ends in .jar, else a directory",
            "  --classpath CP   what IN is compiled against, entries separated by '" + File.pathSeparator + "'",
            "  --verbose        a line per woven class and per method",
            "  --no-fail        report refused methods but write OUT all the same (they stay unwoven)",
            "");

    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            out.print(USAGE);
            return 0;
        }
        if (!command.equals("weave")) {
            return misuse(err, "unknown command: " + command);
        }
        List<Path> classPath = new ArrayList<>();
        boolean verbose = false;
        boolean noFail = false;
        List<String> operands = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--classpath") || a.equals("-cp") || a.equals("--class-path")) {
                if (++i == args.length) {
                    return misuse(err, a + " needs a value");
                }
                addClassPath(classPath, args[i]);
            } else if (a.startsWith("--classpath=")) {
                addClassPath(classPath, a.substring("--classpath=".length()));
            } else if (a.equals("--verbose")) {
                verbose = true;
            } else if (a.equals("--no-fail")) {
                noFail = true;
            } else if (a.startsWith("-") && a.length() > 1) {
                return misuse(err, "unknown option: " + a);
            } else {
                operands.add(a);
            }
        }
        if (operands.size() != 2) {
            return misuse(err, "weave needs IN and OUT, got " + operands.size() + " operand(s)");
        }
        return weave(Path.of(operands.get(0)), Path.of(operands.get(1)), classPath, verbose, noFail, out, err);
    }

    private static int weave(Path in, Path outPath, List<Path> classPath, boolean verbose, boolean noFail,
                             PrintStream out, PrintStream err) {
        Weaver weaver = new Weaver(classPath).failOnError(!noFail);
        if (verbose) {
            weaver.verbose(out::println);
        }
        try {
            WeaveReport report = weaver.weave(in, outPath);
            for (String error : report.errors()) {
                err.println("jcoro weave: " + error); // only with --no-fail: else they failed the run
            }
            for (String warning : report.warnings()) {
                err.println("jcoro weave: warning: " + warning);
            }
            out.println("jcoro weave: " + report.summary() + " -> " + outPath);
            return 0;
        } catch (WeaveException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("jcoro weave: " + e);
            return 1;
        }
    }

    private static void addClassPath(List<Path> classPath, String value) {
        for (String entry : value.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry));
            }
        }
    }

    private static int misuse(PrintStream err, String why) {
        err.println("jcoro: " + why);
        err.print(USAGE);
        return 2;
    }
}
