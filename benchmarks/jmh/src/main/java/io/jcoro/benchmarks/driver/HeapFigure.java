package io.jcoro.benchmarks.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figure 4: heap per suspended task, one million of each kind. */
final class HeapFigure implements Figure {
    static final String TITLE = "4. Heap per suspended task";
    private static final Pattern RESULT = Pattern.compile("RESULT kind=(\\S+) n=(\\d+) .*bytesPerTask=([0-9.]+)");
    private static final Duration TIME_LIMIT = Duration.ofSeconds(300);
    private static final List<String> HEAP_FLAGS = List.of("-Xmx8g");

    /** A kind of suspended task, as {@code SuspendedTaskHeap} names it. */
    private record Kind(String kind, String label, boolean needsAgent, int minimumJdk, boolean onEveryJdk) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("jcoro-task", "jcoro task awaiting an unsettled promise (Scheduler.singleThreaded)", true, 17, true),
            new Kind("jcoro-continuation", "jcoro bare Continuation suspended in its body", true, 17, false),
            new Kind("virtual-thread", "virtual thread parked in LockSupport.park()", false, 21, false),
            new Kind("kotlin-bare", "Kotlin coroutine suspended in suspendCoroutine (no dispatcher, no Job)", false, 17, false),
            new Kind("kotlin-deferred", "kotlinx launch awaiting a CompletableDeferred (single-thread dispatcher)", false, 17, false));

    @Override
    public String key() {
        return "heap";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        int n = ctx.settings.profile().heapTasks;
        Table table = new Table("task", "JDK", "bytes per task", "÷ jcoro task (same JDK)");
        List<String[]> rows = new ArrayList<>();
        List<Jdk> jdks = ctx.jdks();
        for (Jdk jdk : jdks) {
            for (Kind kind : KINDS) {
                boolean primary = jdk == jdks.get(0);
                if (jdk.major() < kind.minimumJdk() || !(primary || kind.onEveryJdk())) {
                    continue;
                }
                Double bytes = measure(ctx, kind, jdk, n);
                if (bytes != null) {
                    ctx.values.put(key(kind.kind(), jdk), bytes);
                    rows.add(new String[] {kind.kind(), jdk.name()});
                }
            }
        }
        for (String[] row : rows) {
            Kind kind = KINDS.stream().filter(k -> k.kind().equals(row[0])).findFirst().orElseThrow();
            double bytes = ctx.values.get("heap/" + row[0] + "/" + row[1]);
            Double jcoro = ctx.values.get("heap/jcoro-task/" + row[1]);
            table.row(kind.label(), row[1], Fmt.num(bytes), jcoro == null ? "–" : Fmt.ratio(bytes / jcoro));
        }
        return new Section(TITLE)
                .paragraph(String.format(java.util.Locale.ROOT, """
                        %,d tasks suspended at once, each in its own JVM (`%s`, default GC): heap used after
                        `System.gc()` (the least of 4 collections, `MemoryMXBean`) with the tasks suspended,
                        minus the same before they were created, divided by N. What the tasks wait on
                        (the promises, the deferreds) and the array holding them are allocated before the
                        first measurement: the figure is the task itself (its continuation and saved
                        frames, its scheduler record, its registration in the promise) and nothing else.
                        Nobody asks the jcoro tasks for their own promise, which jcoro makes on request:
                        a task that something awaits holds one more (24 bytes). Not JMH: one run per row.
                        """, n, String.join(" ", HEAP_FLAGS)))
                .table(table);
    }

    static String key(String kind, Jdk jdk) {
        return "heap/" + kind + "/" + jdk.name();
    }

    private static Double measure(Context ctx, Kind kind, Jdk jdk, int n) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
        command.addAll(HEAP_FLAGS);
        if (kind.needsAgent()) {
            command.add(ctx.agentArg());
        }
        command.addAll(List.of("-cp", ctx.classpath(), "io.jcoro.benchmarks.memory.SuspendedTaskHeap", kind.kind(),
                String.valueOf(n)));
        ctx.record("heap " + kind.kind() + " JDK " + jdk.name(), command);
        Context.progress("heap: " + kind.kind() + " on JDK " + jdk.name());
        Exec.Outcome outcome = Exec.run(command, TIME_LIMIT, ctx.work.resolve("heap-" + kind.kind() + "-" + jdk.name() + ".log"));
        Matcher m = RESULT.matcher(outcome.output());
        if (outcome.ok() && m.find()) {
            return Double.parseDouble(m.group(3));
        }
        ctx.fail(TITLE, kind.label(), jdk, outcome.timedOut() ? "timed out after " + TIME_LIMIT.toSeconds() + " s"
                : "exit status " + outcome.exitCode() + ":\n" + ErrorText.summarize(outcome.output()));
        return null;
    }
}
