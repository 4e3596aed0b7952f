package io.jcoro.benchmarks.driver;

import java.util.List;

/** Figure 3: the cost of @Suspendable code that never suspends, with the agent against without it. */
final class FastPathFigure implements Figure {
    static final String TITLE = "3. Fast path: suspendable code that never suspends";
    private static final List<String> METHODS = List.of("plainCaller", "inContinuation");

    @Override
    public String key() {
        return "fastpath";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        String include = "io.jcoro.benchmarks.fastpath.FastPathBenchmark";
        Table table = new Table("benchmark", "JDK", "without agent, µs", "with agent, µs", "with ÷ without");
        for (Jdk jdk : ctx.jdks()) {
            Jmh.Result plain = Jmh.run(ctx, "fastpath without agent JDK " + jdk.name(), jdk, include, List.of(), METHODS.size());
            Jmh.Result woven = Jmh.run(ctx, "fastpath with agent JDK " + jdk.name(), jdk, include,
                    List.of(ctx.agentArg()), METHODS.size());
            for (Jmh.Result r : List.of(plain, woven)) {
                if (r.failure() != null) {
                    ctx.fail(TITLE, r.label(), jdk, r.failure());
                }
            }
            for (String method : METHODS) {
                Jmh.Score without = plain.find(method, null, null);
                Jmh.Score with = woven.find(method, null, null);
                if (without == null || with == null) {
                    continue;
                }
                double ratio = with.score() / without.score();
                ctx.values.put("fastpath/" + method + "/" + jdk.name(), ratio);
                table.row("fib(30), " + method, jdk.name(), Fmt.withError(without.score(), without.error()),
                        Fmt.withError(with.score(), with.error()), Fmt.ratio(ratio));
            }
        }
        return new Section(TITLE)
                .paragraph("""
                        `fib(30)` where `fib` is `@Suspendable` and recursive (1.6 million suspendable calls
                        that never suspend), in two forks of the same class: one under
                        `-javaagent:jcoro-agent.jar` (every call woven), one without the agent (plain
                        bytecode). `plainCaller` calls it from ordinary code; `inContinuation` runs it as the
                        body of a `Continuation` that finishes without suspending. ± is the 99.9% error.
                        """)
                .table(table);
    }
}
