package io.jcoro.benchmarks.driver;

import java.util.ArrayList;
import java.util.List;

/** Figure 2: await of a promise completed by another coroutine on the same single-threaded scheduler. */
final class AwaitFigure implements Figure {
    static final String TITLE = "2. Await of a promise completed by another coroutine";

    private record Run(String peer, Jmh.Result result) {}

    @Override
    public String key() {
        return "await";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (Jdk jdk : ctx.jdks()) {
            runs.add(jmh(ctx, "jcoro", jdk, "JcoroAwaitBenchmark", List.of(ctx.agentArg())));
            runs.add(jmh(ctx, "Kotlin", jdk, "KotlinAwaitBenchmark", List.of()));
            PeerCheck.Result eaAsync = PeerCheck.eaAsync(ctx, jdk);
            if (eaAsync.ok()) {
                runs.add(jmh(ctx, "ea-async", jdk, "EaAsyncAwaitBenchmark", List.of("-javaagent:" + ctx.input("ea-async.jar"))));
            } else {
                ctx.fail(TITLE, "ea-async 1.2.3", jdk, eaAsync.verdict());
            }
            PeerCheck.eaAsyncModern(ctx, jdk); // a finding for the peer checks table, not a measurement
        }
        Table table = new Table("peer", "JDK", "ns per await", "± (99.9%)", "peer ÷ jcoro (same JDK)");
        for (Run run : runs) {
            Jmh.Score s = run.result().find("pingPong", null, null);
            if (run.result().failure() != null) {
                ctx.fail(TITLE, run.peer(), run.result().jdk(), run.result().failure());
            }
            if (s != null) {
                ctx.values.put(key(run.peer(), run.result().jdk()), s.score());
            }
        }
        for (Run run : runs) {
            Jmh.Score s = run.result().find("pingPong", null, null);
            if (s != null) {
                double jcoro = ctx.value(key("jcoro", run.result().jdk())).orElse(Double.NaN);
                table.row(run.peer(), run.result().jdk().name(), Fmt.num(s.score()), Fmt.num(s.error()),
                        run.peer().equals("jcoro") ? "1.00×" : Fmt.ratio(s.score() / jcoro));
            }
        }
        return new Section(TITLE)
                .paragraph("""
                        Two coroutines on one single-threaded scheduler take turns: each completes a promise
                        the other awaits, passing along the promise it will await next, so every await
                        suspends and is resumed by the scheduler's loop. Time per await (one operation = one
                        completion + one suspension + one resumption); 50,000 rounds (100,000 awaits) per
                        JMH invocation, so the hand-off from the benchmark thread into the loop is amortised.

                        * **jcoro**: `Async.await(Promise)` in two tasks on `Scheduler.singleThreaded()`.
                        * **Kotlin**: `CompletableDeferred.await()` in two coroutines on
                          `Executors.newSingleThreadExecutor().asCoroutineDispatcher()`.
                        * **ea-async**: `Async.await(CompletableFuture)` in two async methods on a
                          single-thread executor; each completion is submitted to the executor (completing
                          directly would resume the other side on the completer's stack and no await would
                          ever suspend). Compiled for Java 8 (see the peer checks).
                        """)
                .table(table);
    }

    static String key(String peer, Jdk jdk) {
        return "await/" + peer + "/" + jdk.name();
    }

    private static Run jmh(Context ctx, String peer, Jdk jdk, String benchmarkClass, List<String> jvmArgs)
            throws Exception {
        String include = "io.jcoro.benchmarks.await." + benchmarkClass + ".pingPong";
        return new Run(peer, Jmh.run(ctx, "await " + peer + " JDK " + jdk.name(), jdk, include, jvmArgs, 1));
    }
}
