package io.jcoro.benchmarks.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * The Targets table: each target of the benchmarks issue, the figure it is judged on (per JDK where
 * jcoro ran on several), and whether it is met. A target measured on several JDKs is met only when
 * it is met on each.
 */
final class Targets {
    private Targets() {}

    static Table table(Context ctx) {
        Table table = new Table("target", "figure", "met?");
        List<Jdk> all = ctx.jdks();
        List<Jdk> primary = all.subList(0, 1);
        List<Jdk> vt = ctx.virtualThreadJdk().map(List::of).orElse(List.of());

        judge(ctx, table, "Round trip at depth 1 ≤ 20 ns", all,
                j -> ctx.value(RoundTripFigure.key("jcoro", j, "1")).orElse(null), v -> v <= 20, " ns");
        judge(ctx, table, "Round trip at depth 1 ≥ 3× faster than Kotlin", all,
                j -> ratio(ctx, RoundTripFigure.key("Kotlin", j, "1"), RoundTripFigure.key("jcoro", j, "1")), v -> v >= 3, "× (Kotlin ÷ jcoro)");
        judge(ctx, table, "Round trip at depth 1 ≥ 30× faster than virtual threads", vt,
                j -> ratio(ctx, RoundTripFigure.key("virtual threads", j, "1"), RoundTripFigure.key("jcoro", j, "1")),
                v -> v >= 30, "× (virtual threads ÷ jcoro)");
        judge(ctx, table, "≤ 5 ns per extra frame (depth 1 → 100)", all,
                j -> ctx.value("roundtrip/jcoro/" + j.name() + "/perFrame").orElse(null), v -> v <= 5, " ns");
        judge(ctx, table, "≤ 150 bytes per suspended coroutine awaiting a promise, task included", all,
                j -> ctx.value(HeapFigure.key("jcoro-task", j)).orElse(null), v -> v <= 150, " B");
        judge(ctx, table, "≥ 5× less heap than a parked virtual thread", vt,
                j -> ratio(ctx, HeapFigure.key("virtual-thread", j), HeapFigure.key("jcoro-task", j)), v -> v >= 5,
                "× (virtual thread ÷ jcoro task)");
        judge(ctx, table, "Heap close to raw Kotlin (read here as ≤ 1.5× a bare suspended Kotlin coroutine)", primary,
                j -> ratio(ctx, HeapFigure.key("jcoro-task", j), HeapFigure.key("kotlin-bare", j)), v -> v <= 1.5,
                "× (jcoro task ÷ bare Kotlin coroutine)");
        judge(ctx, table, "Fast path within 1.05× of uninstrumented (fib(30) from plain code)", all,
                j -> ctx.value("fastpath/plainCaller/" + j.name()).orElse(null), v -> v <= 1.05, "× (with agent ÷ without)");
        judge(ctx, table, "Fast path within 1.05× of uninstrumented (fib(30) inside a continuation)", all,
                j -> ctx.value("fastpath/inContinuation/" + j.name()).orElse(null), v -> v <= 1.05,
                "× (with agent ÷ without)");
        judge(ctx, table, "Agent start-up ≤ 150 ms extra on hello world (median)", all,
                j -> ctx.value("startup/hello/" + j.name()).orElse(null), v -> v <= 150, " ms");
        List<Jdk> echoJdk = List.of(ctx.virtualThreadJdk().orElse(ctx.settings.base()));
        judge(ctx, table, "Echo at 10,000 connections: one loop thread ≥ a virtual thread per connection (throughput)",
                echoJdk, j -> ratio(ctx, EchoFigure.key("jcoro", 10_000), EchoFigure.key("virtual", 10_000)), v -> v >= 1,
                "× (jcoro ÷ virtual threads)");
        judge(ctx, table, "Channel hand-off ≥ 1.5× Kotlin's Channel throughput (bounded(16), single-thread dispatcher)", all,
                j -> ratio(ctx, ToolkitFigure.key("Kotlin, single-thread dispatcher", j, "16"), ToolkitFigure.key("jcoro", j, "16")),
                v -> v >= 1.5, "× (Kotlin ÷ jcoro)");
        judge(ctx, table, "Channel hand-off ≥ 1.5× Kotlin's Channel throughput (bounded(16), runBlocking event loop)", all,
                j -> ratio(ctx, ToolkitFigure.key("Kotlin, runBlocking event loop", j, "16"), ToolkitFigure.key("jcoro", j, "16")),
                v -> v >= 1.5, "× (Kotlin ÷ jcoro)");
        judge(ctx, table, "No allocation per element on a bounded channel in steady state (read here as: bounded(256) < 1 byte per element, the invocation's fixed cost included)", all,
                j -> ctx.value(ToolkitFigure.key("jcoro", j, "256") + "/bytes").orElse(null), v -> v < 1, " B per element");
        return table;
    }

    private static Double ratio(Context ctx, String numerator, String denominator) {
        Double a = ctx.values.get(numerator);
        Double b = ctx.values.get(denominator);
        return a == null || b == null ? null : a / b;
    }

    private static void judge(Context ctx, Table table, String target, List<Jdk> jdks, Function<Jdk, Double> figure,
            DoublePredicate met, String unit) {
        List<String> parts = new ArrayList<>();
        boolean allMet = true;
        boolean any = false;
        for (Jdk jdk : jdks) {
            Double v = figure.apply(jdk);
            if (v == null) {
                parts.add("JDK " + jdk.name() + ": not measured");
                allMet = false;
                continue;
            }
            any = true;
            boolean ok = met.test(v);
            allMet &= ok;
            parts.add("JDK " + jdk.name() + ": " + Fmt.num(v) + unit + (ok ? "" : " (missed)"));
        }
        String verdict = !any ? "not measured" : allMet ? "**met**" : "missed";
        table.row(target, parts.isEmpty() ? "not measured" : String.join("; ", parts), verdict);
    }
}
