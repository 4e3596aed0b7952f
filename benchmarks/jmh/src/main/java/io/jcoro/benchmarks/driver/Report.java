package io.jcoro.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes BENCHMARKS.md from the sections the figures produced and what the context collected. */
final class Report {
    private Report() {}

    static String markdown(Context ctx, List<Section> sections, long seconds) throws IOException {
        Settings s = ctx.settings;
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append("Written by `scripts/bench`; do not edit by hand: re-run it.\n\n");
        out.append("* **Command:** `").append(s.command()).append("` (profile `").append(s.profile().key())
                .append("`, ").append(seconds / 60).append(" min ").append(seconds % 60).append(" s, ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append(").\n");
        out.append("* **Machine:** ").append(Machine.describe()).append(". **The figures come from a 2-core machine"
                + " that other work shared while they were taken**: read them as ratios between peers measured in"
                + " the same run, not as absolute numbers.\n");
        out.append("* **JDKs:** ");
        List<Jdk> jdks = ctx.jdks();
        for (int i = 0; i < jdks.size(); i++) {
            out.append(i == 0 ? "" : "; ").append(jdks.get(i).describe());
        }
        out.append(". Each row names the JDK it ran on.\n");
        out.append("* **JMH:** `").append(String.join(" ", s.profile().jmhOptions()))
                .append("` (forks, warm-up and measurement iterations); ± is JMH's 99.9% confidence half-width."
                        + " jcoro forks get `-javaagent:agent/target/jcoro-agent.jar`.\n\n");
        out.append("## Targets\n\n").append(Targets.table(ctx).markdown()).append('\n');
        for (Section section : sections) {
            out.append(section.markdown());
        }
        out.append(optimizationLog(s.root()));
        out.append(peers(ctx));
        out.append(commands(ctx));
        out.append(rerunning());
        return out.toString();
    }

    /**
     * The hand-written history of what was optimised and what each change measured before and after,
     * and why the missed targets are missed (benchmarks/OPTIMIZATION-LOG.md), copied in as it is: a
     * measured run cannot know why its numbers moved.
     */
    private static String optimizationLog(Path root) throws IOException {
        Path log = root.resolve("benchmarks/OPTIMIZATION-LOG.md");
        return Files.isRegularFile(log) ? Files.readString(log).stripTrailing() + "\n\n" : "";
    }

    static void write(Path file, String markdown) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
    }

    private static String peers(Context ctx) {
        if (ctx.checks.isEmpty() && ctx.failures.isEmpty()) {
            return "";
        }
        Section section = new Section("Peers: what ran, what could not, and why");
        section.paragraph("""
                Quasar and ea-async need agents of their own. Before measuring them, the driver runs a
                small program under each agent, with a time limit, that prints `ok` only when the agent
                really instrumented the code; a peer that fails is not measured (its numbers would be
                wrong or never come). The error text below is what the JVM printed (stack frames dropped,
                repeated per-class messages counted).
                """);
        Table checks = new Table("check", "JDK", "result", "what happened");
        for (PeerCheck.Result r : ctx.checks.values()) {
            checks.row(r.what(), r.jdk().name(), r.ok() ? "ok" : "**failed**", "<pre>" + html(r.details()) + "</pre>");
        }
        section.table(checks);
        if (!ctx.failures.isEmpty()) {
            section.paragraph("Not measured in this run:");
            Table failures = new Table("figure", "peer", "JDK", "error text");
            for (Context.Failure f : ctx.failures) {
                failures.row(f.figure(), f.peer(), f.jdk(), "<pre>" + html(f.text()) + "</pre>");
            }
            section.table(failures);
        }
        return section.markdown();
    }

    private static String commands(Context ctx) {
        StringBuilder out = new StringBuilder("## Commands\n\n");
        out.append("Every process the run started, in order. `$CP` is `benchmarks/jmh/target/classes` followed by"
                + " the class path in `benchmarks/jmh/target/bench-classpath.txt`; the peers' agents and guava are"
                + " copied to `benchmarks/jmh/target/bench-inputs/` by the build. Logs and CSV files of the run are"
                + " in `benchmarks/jmh/target/bench/`.\n\n```\n");
        for (String[] c : ctx.commands) {
            out.append("# ").append(c[0]).append('\n').append(c[1]).append('\n');
        }
        return out.append("```\n\n").toString();
    }

    private static String rerunning() {
        return """
                ## Re-running

                ```
                scripts/bench                         # short profile, all figures, rewrites BENCHMARKS.md (about 10 min)
                scripts/bench --long                  # 3 forks, 1 s iterations (about 45 min)
                scripts/bench --only roundtrip,await  # some figures; writes benchmarks/jmh/target/bench/BENCHMARKS-partial.md
                scripts/bench --jdk 25 --only heap    # one JDK's rows only (also a partial report)
                scripts/bench --smoke                 # everything with tiny iterations (about 1 min): checks the harness
                scripts/bench --no-build ...          # skip the Maven build (by default it rebuilds what changed)
                ```

                Figures: `roundtrip`, `await`, `fastpath`, `heap`, `startup`, `echo`, `toolkit`. One JMH group by
                hand: `CP=benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/bench-classpath.txt)`, then
                its line from the Commands section above (add `-prof gc`, `-p depth=1`, … as usual).
                """;
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }
}
