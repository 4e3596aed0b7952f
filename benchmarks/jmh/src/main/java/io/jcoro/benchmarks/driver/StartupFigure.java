package io.jcoro.benchmarks.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figure 5: agent start-up on hello world, and loading every class of a large jar. */
final class StartupFigure implements Figure {
    static final String TITLE = "5. Agent start-up and class loading";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    private static final Pattern LOADED = Pattern.compile("RESULT classes=(\\d+) failed=(\\d+) millis=(\\d+)");

    /** Timings of one program, repeated, with and without the agent. */
    private static final class Timings {
        final List<Long> plain = new ArrayList<>();
        final List<Long> agent = new ArrayList<>();
        final List<Long> plainInside = new ArrayList<>();
        final List<Long> agentInside = new ArrayList<>();
        String detail = "";
    }

    @Override
    public String key() {
        return "startup";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        Profile profile = ctx.settings.profile();
        // the programs and the jcoro runtime (API and scheduler), which the agent jar does not carry: the
        // agent's premain links to the API, as every program run with it has it on its class path
        String classes = String.join(java.io.File.pathSeparator,
                ctx.settings.root().resolve("benchmarks/jmh/target/classes").toString(),
                ctx.settings.root().resolve("continuation-api/target/classes").toString(),
                ctx.settings.root().resolve("scheduler/target/classes").toString());
        String guava = ctx.input("guava.jar").toString();
        Table hello = new Table("program", "JDK", "without agent, ms (median)", "with agent, ms (median)",
                "extra, ms", "with ÷ without");
        Table load = new Table("program", "JDK", "without agent, ms (median)", "with agent, ms (median)",
                "extra, ms", "with ÷ without", "inside the JVM: loading only, ms without → with");
        for (Jdk jdk : ctx.jdks()) {
            Timings h = repeat(ctx, jdk, "hello", profile.helloRepeats, classes,
                    List.of("com.example.startup.HelloWorld"), "hello, world");
            if (h != null) {
                double extra = median(h.agent) - median(h.plain);
                ctx.values.put("startup/hello/" + jdk.name(), extra);
                hello.row("hello world (" + profile.helloRepeats + " runs each)", jdk.name(), Fmt.num(median(h.plain)),
                        Fmt.num(median(h.agent)), Fmt.num(extra), Fmt.ratio(median(h.agent) / median(h.plain)));
            }
            Timings l = repeat(ctx, jdk, "load-guava", profile.classLoadRepeats, classes,
                    List.of("com.example.startup.LoadEveryClass", guava), "RESULT classes=");
            if (l != null) {
                double extra = median(l.agent) - median(l.plain);
                ctx.values.put("startup/load/" + jdk.name(), extra);
                load.row("load every class of guava " + l.detail + " (" + profile.classLoadRepeats + " runs each)",
                        jdk.name(), Fmt.num(median(l.plain)), Fmt.num(median(l.agent)), Fmt.num(extra),
                        Fmt.ratio(median(l.agent) / median(l.plain)),
                        Fmt.num(median(l.plainInside)) + " → " + Fmt.num(median(l.agentInside)));
            }
        }
        return new Section(TITLE)
                .paragraph("""
                        Whole-process wall time of a new JVM, started by the driver and timed until it exits,
                        alternating runs without and with `-javaagent:jcoro-agent.jar`; the median of each.
                        *Hello world* prints one line. *Load every class* opens `guava.jar` (from the local
                        Maven repository) in a fresh `URLClassLoader` and calls `Class.forName(name, false,
                        loader)` for every class in it, so the agent's transformer sees every one (guava has
                        no `@Suspendable` code: this is the cost of looking and passing by).
                        """)
                .table(hello)
                .table(load);
    }

    /** Runs the program {@code repeats} times without and with the agent, alternating. Null on failure. */
    private static Timings repeat(Context ctx, Jdk jdk, String name, int repeats, String classes, List<String> mainAndArgs,
            String expected) throws Exception {
        Context.progress("startup: " + name + " on JDK " + jdk.name() + ", " + repeats + " runs each way");
        Timings t = new Timings();
        for (int i = 0; i < repeats; i++) {
            for (boolean agent : new boolean[] {false, true}) {
                List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
                if (agent) {
                    command.add(ctx.agentArg());
                }
                command.addAll(List.of("-cp", classes));
                command.addAll(mainAndArgs);
                if (i == 0) {
                    ctx.record("startup " + name + (agent ? " with agent" : " without agent") + " JDK " + jdk.name(), command);
                }
                Exec.Outcome outcome = Exec.run(command, TIME_LIMIT,
                        ctx.work.resolve("startup-" + name + "-" + jdk.name() + (agent ? "-agent" : "") + ".log"));
                if (!outcome.ok() || !outcome.output().contains(expected)) {
                    ctx.fail(TITLE, name + (agent ? " with the agent" : " without the agent"), jdk,
                            outcome.timedOut() ? "timed out" : "exit status " + outcome.exitCode() + ":\n"
                                    + ErrorText.summarize(outcome.output()));
                    return null;
                }
                (agent ? t.agent : t.plain).add(outcome.millis());
                Matcher m = LOADED.matcher(outcome.output());
                if (m.find()) {
                    (agent ? t.agentInside : t.plainInside).add(Long.parseLong(m.group(3)));
                    t.detail = "(" + m.group(1) + " classes, " + m.group(2) + " not loadable)";
                }
            }
        }
        return t;
    }

    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
