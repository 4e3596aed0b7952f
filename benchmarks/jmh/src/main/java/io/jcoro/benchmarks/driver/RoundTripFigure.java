package io.jcoro.benchmarks.driver;

import java.util.ArrayList;
import java.util.List;

/** Figure 1: suspend + resume round trip at stack depth 1, 10 and 100, jcoro against four peers. */
final class RoundTripFigure implements Figure {
    static final String TITLE = "1. Suspend + resume round trip";
    private static final List<String> DEPTHS = List.of("1", "10", "100");

    /** One peer's group of results on one JDK. */
    private record Run(String peer, Jmh.Result result) {}

    @Override
    public String key() {
        return "roundtrip";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (Jdk jdk : ctx.jdks()) {
            runs.add(jmh(ctx, "jcoro", jdk, "JcoroRoundTripBenchmark", List.of(ctx.agentArg())));
            runs.add(jmh(ctx, "Kotlin", jdk, "KotlinRoundTripBenchmark", List.of()));
            if (jdk.major() >= 21) {
                runs.add(jmh(ctx, "virtual threads", jdk, "VirtualThreadRoundTripBenchmark",
                        List.of("-Djmh.executor=VIRTUAL", "-Djdk.virtualThreadScheduler.parallelism=1")));
                runs.add(jmh(ctx, "platform threads", jdk, "PlatformThreadRoundTripBenchmark", List.of()));
            }
            PeerCheck.Result quasar = PeerCheck.quasar(ctx, jdk);
            if (quasar.ok()) {
                runs.add(jmh(ctx, "Quasar", jdk, "QuasarRoundTripBenchmark", PeerCheck.quasarJvmArgs(ctx, false)));
            } else {
                ctx.fail(TITLE, "Quasar 0.8.0", jdk, quasar.verdict());
                PeerCheck.quasarUnverified(ctx, jdk); // what a user would see: for the peer checks table
            }
        }
        for (Run run : runs) {
            if (run.result().failure() != null) {
                ctx.fail(TITLE, run.peer(), run.result().jdk(), run.result().failure());
            }
            for (String depth : DEPTHS) {
                Jmh.Score s = run.result().find("roundTrip", "depth", depth);
                if (s != null) {
                    ctx.values.put(key(run.peer(), run.result().jdk(), depth), s.score());
                }
            }
        }
        return section(ctx, runs);
    }

    static String key(String peer, Jdk jdk, String depth) {
        return "roundtrip/" + peer + "/" + jdk.name() + "/" + depth;
    }

    private static Run jmh(Context ctx, String peer, Jdk jdk, String benchmarkClass, List<String> jvmArgs)
            throws Exception {
        String include = "io.jcoro.benchmarks.roundtrip." + benchmarkClass + ".roundTrip";
        return new Run(peer, Jmh.run(ctx, "roundtrip " + peer + " JDK " + jdk.name(), jdk, include, jvmArgs, DEPTHS.size()));
    }

    private static Section section(Context ctx, List<Run> runs) {
        Table table = new Table("depth", "peer", "JDK", "ns per round trip", "± (99.9%)", "peer ÷ jcoro (same JDK)");
        for (String depth : DEPTHS) {
            for (Run run : runs) {
                Jmh.Score s = run.result().find("roundTrip", "depth", depth);
                if (s == null) {
                    continue;
                }
                double jcoro = ctx.value(key("jcoro", run.result().jdk(), depth)).orElse(Double.NaN);
                table.row(depth, run.peer(), run.result().jdk().name(), Fmt.num(s.score()), Fmt.num(s.error()),
                        run.peer().equals("jcoro") ? "1.00×" : Fmt.ratio(s.score() / jcoro));
            }
        }
        Table perFrame = new Table("peer", "JDK", "ns per extra frame: (depth 100 − depth 1) / 99", "±");
        for (Run run : runs) {
            Jmh.Score one = run.result().find("roundTrip", "depth", "1");
            Jmh.Score hundred = run.result().find("roundTrip", "depth", "100");
            if (one != null && hundred != null) {
                double perExtraFrame = (hundred.score() - one.score()) / 99;
                ctx.values.put("roundtrip/" + run.peer() + "/" + run.result().jdk().name() + "/perFrame", perExtraFrame);
                double error = Math.hypot(hundred.error(), one.error()) / 99;
                perFrame.row(run.peer(), run.result().jdk().name(), Fmt.num(perExtraFrame), Fmt.num(error));
            }
        }
        return new Section(TITLE)
                .paragraph("""
                        One suspension and one resumption of a task suspended `depth` calls down. Every
                        peer runs the same shape: a loop calls `descend(depth)`, each frame keeps a live
                        local across its call (`int below = descend(r - 1); return below + r;`), and the
                        bottom frame suspends; one operation resumes it, lets every frame return, and
                        descends again to the next suspension.

                        * **jcoro**: `Continuation.resume()` / `Continuation.suspend()` under the agent.
                        * **Kotlin**: `suspendCoroutine` + `Continuation.resume(Unit)`, no dispatcher (the
                          coroutine runs in the resuming thread, like jcoro's).
                        * **virtual threads**: `LockSupport.park`/`unpark` between the benchmark thread and a
                          worker virtual thread, both virtual and on one carrier
                          (`-Djmh.executor=VIRTUAL -Djdk.virtualThreadScheduler.parallelism=1`).
                        * **platform threads**: a token handed through two `SynchronousQueue`s to a worker
                          thread and back.
                        * **Quasar**: `Fiber.park()` / `fiber.unpark()` on a `FiberExecutorScheduler` that
                          runs the fiber inline (`Runnable::run`), under Quasar's own agent.
                        """)
                .table(table)
                .paragraph("Cost of each frame between the resumer and the suspension point:")
                .table(perFrame);
    }
}
