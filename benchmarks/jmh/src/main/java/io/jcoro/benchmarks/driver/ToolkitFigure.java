package io.jcoro.benchmarks.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * Figure 7: the coroutine toolkit (io.jcoro.scheduler.sync): a channel hand-off between two coroutines
 * against Kotlin's Channel and an ArrayBlockingQueue between two virtual threads, and Mutex against
 * Kotlin's Mutex, with the bytes allocated per operation (JMH's gc profiler, gc.alloc.rate.norm).
 */
final class ToolkitFigure implements Figure {
    static final String TITLE = "7. Toolkit: channel hand-off and mutex";
    static final List<String> CAPACITIES = List.of("0", "1", "16", "256");
    private static final String PACKAGE = "io.jcoro.benchmarks.toolkit.";
    /**
     * A longer warm-up than the profile's 4 × 300 ms: jcoro's woven send/receive loops took about 5 s
     * of JIT warm-up to reach their steady state (bounded(256) on JDK 17: 1,186, 487, 364, 139, 58, 40
     * ns per element over the first six 1 s iterations), Kotlin's less; the short profile's warm-up
     * measured jcoro in the middle of it.
     */
    private static List<String> options(Context ctx) {
        return ctx.settings.profile() == Profile.SMOKE ? List.of("-prof", "gc")
                : List.of("-prof", "gc", "-wi", "8", "-w", "1s");
    }
    private static final String ALLOC = ":gc.alloc.rate.norm";

    /** One peer's rows: its label, the JMH method it ran, and the JMH group that holds the scores. */
    private record Row(String peer, String method, Jmh.Result result) {}

    @Override
    public String key() {
        return "toolkit";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        List<Row> channel = new ArrayList<>();
        List<Row> mutex = new ArrayList<>();
        for (Jdk jdk : ctx.jdks()) {
            Jmh.Result jcoro = jmh(ctx, "channel jcoro", jdk, "JcoroChannelBenchmark.handOff", List.of(ctx.agentArg()),
                    CAPACITIES.size());
            channel.add(new Row("jcoro", "handOff", jcoro));
            Jmh.Result kotlin = jmh(ctx, "channel Kotlin", jdk, "KotlinChannelBenchmark", List.of(), 2 * CAPACITIES.size());
            channel.add(new Row("Kotlin, single-thread dispatcher", "handOff", kotlin));
            channel.add(new Row("Kotlin, runBlocking event loop", "handOffRunBlocking", kotlin));
            if (jdk.major() >= 21) {
                channel.add(new Row("virtual threads, ArrayBlockingQueue", "handOff", jmh(ctx, "channel virtual threads",
                        jdk, "VirtualThreadQueueBenchmark.handOff", List.of(), CAPACITIES.size())));
            }
            Jmh.Result jcoroMutex = jmh(ctx, "mutex jcoro", jdk, "JcoroMutexBenchmark", List.of(ctx.agentArg()), 2);
            Jmh.Result kotlinMutex = jmh(ctx, "mutex Kotlin", jdk, "KotlinMutexBenchmark", List.of(), 2);
            mutex.add(new Row("jcoro", null, jcoroMutex));
            mutex.add(new Row("Kotlin", null, kotlinMutex));
        }
        for (Row row : channel) {
            for (String capacity : CAPACITIES) {
                Jmh.Score s = row.result().find(row.method(), "capacity", capacity);
                if (s != null) {
                    ctx.values.put(key(row.peer(), row.result().jdk(), capacity), s.score());
                }
                Jmh.Score a = row.result().find(row.method() + ALLOC, "capacity", capacity);
                if (a != null) {
                    ctx.values.put(key(row.peer(), row.result().jdk(), capacity) + "/bytes", a.score());
                }
            }
        }
        List<Jmh.Result> failed = new ArrayList<>();
        for (Row row : channel) {
            if (row.result().failure() != null && !failed.contains(row.result())) {
                failed.add(row.result());
                ctx.fail(TITLE, row.peer(), row.result().jdk(), row.result().failure());
            }
        }
        for (Row row : mutex) {
            if (row.result().failure() != null) {
                ctx.fail(TITLE, row.peer() + " Mutex", row.result().jdk(), row.result().failure());
            }
        }
        Table handOff = new Table("capacity", "peer", "JDK", "ns per element", "± (99.9%)", "bytes per element",
                "peer ÷ jcoro (same JDK)");
        for (String capacity : CAPACITIES) {
            for (Row row : channel) {
                Jmh.Score s = row.result().find(row.method(), "capacity", capacity);
                if (s == null) {
                    continue;
                }
                Jmh.Score a = row.result().find(row.method() + ALLOC, "capacity", capacity);
                double jcoro = ctx.value(key("jcoro", row.result().jdk(), capacity)).orElse(Double.NaN);
                handOff.row(capacity.equals("0") ? "0 (rendezvous)" : capacity, row.peer(), row.result().jdk().name(),
                        Fmt.num(s.score()), Fmt.num(s.error()), a == null ? "–" : Fmt.num(a.score()),
                        row.peer().equals("jcoro") ? "1.00×" : Fmt.ratio(s.score() / jcoro));
            }
        }
        Table locks = new Table("benchmark", "peer", "JDK", "ns per lock + unlock", "± (99.9%)", "bytes per lock + unlock",
                "peer ÷ jcoro (same JDK)");
        for (String method : List.of("uncontended", "contended")) {
            for (Row row : mutex) {
                Jmh.Score s = row.result().find(method, null, null);
                if (s == null) {
                    continue;
                }
                String k = "toolkit/mutex/" + method + "/" + row.peer() + "/" + row.result().jdk().name();
                ctx.values.put(k, s.score());
                Jmh.Score a = row.result().find(method + ALLOC, null, null);
                double jcoro = ctx.value("toolkit/mutex/" + method + "/jcoro/" + row.result().jdk().name()).orElse(Double.NaN);
                locks.row(method, row.peer(), row.result().jdk().name(), Fmt.num(s.score()), Fmt.num(s.error()),
                        a == null ? "–" : Fmt.num(a.score()), row.peer().equals("jcoro") ? "1.00×" : Fmt.ratio(s.score() / jcoro));
            }
        }
        return new Section(TITLE)
                .paragraph("""
                        A producer coroutine sends 10,000 elements per JMH invocation (the same object each
                        time, so only the channel's own allocation is counted) through a channel to a
                        consumer coroutine, both on one thread; time per element, and bytes allocated per
                        element (`-prof gc`'s `gc.alloc.rate.norm`, which JMH divides by the elements of an
                        invocation; the scheduler's and the coroutines' allocation included). Capacity 0 is
                        a rendezvous: every element costs a suspension and a resumption of one side; with a
                        buffer of n, a side waits about once per n elements. Every group here warms up
                        for 8 iterations of 1 s (`-wi 8 -w 1s`), not the profile's: jcoro's woven loops
                        took about 5 s to reach their steady state.

                        * **jcoro**: `Channel.bounded(capacity)` (`rendezvous()` for 0), `send` / `receive`
                          in two tasks on `Scheduler.singleThreaded()`.
                        * **Kotlin**: `Channel<Any>(capacity)` (`RENDEZVOUS` for 0), `send` / `receive` in two
                          coroutines, on a single-thread executor dispatcher (as figure 2) and on
                          `runBlocking`'s own event loop in the calling thread.
                        * **virtual threads**: `ArrayBlockingQueue(capacity)` (`SynchronousQueue` for 0),
                          `put` / `take` in two virtual threads on the default scheduler (JDK 21+ rows only).
                        """)
                .table(handOff)
                .paragraph("""
                        `Mutex`, both on one thread: **uncontended**, one coroutine locks and unlocks 10,000
                        times; **contended**, 4 coroutines each lock, yield while holding the lock (so the
                        others queue behind it: every lock but the holder's waits) and unlock, 2,500 times
                        each. jcoro: `io.jcoro.scheduler.sync.Mutex` on `Scheduler.singleThreaded()`,
                        `Coroutines.yieldNow()`; Kotlin: `kotlinx.coroutines.sync.Mutex` on a single-thread
                        executor dispatcher, `yield()`.
                        """)
                .table(locks);
    }

    static String key(String peer, Jdk jdk, String capacity) {
        return "toolkit/channel/" + peer + "/" + jdk.name() + "/" + capacity;
    }

    private static Jmh.Result jmh(Context ctx, String label, Jdk jdk, String benchmark, List<String> jvmArgs, int benchmarks)
            throws Exception {
        return Jmh.run(ctx, label + " JDK " + jdk.name(), jdk, PACKAGE + benchmark, jvmArgs, benchmarks, options(ctx));
    }
}
