package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableRunnable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.sync.Channel;

/**
 * A pipeline of coroutine stages joined by bounded channels: a source emits {@value #RECORDS} text records,
 * a parse stage (3 workers) turns them into numbers, a transform stage (3 workers) squares them, and one
 * aggregator counts and sums the squares. Each channel holds at most {@value #BUFFER} elements, so a fast
 * stage waits (suspends) for a slow one instead of piling up records: back pressure without threads.
 *
 * <p>Everything runs in one {@link Coroutines#scope}: it returns when every stage has ended; when a stage
 * fails (the second run spoils one record), it cancels the others and throws the failure. A stage ends its output when its input ends: its
 * workers run in a nested scope, and when that scope returns (every worker has drained the closed input)
 * the stage closes its output channel, which ends the next stage's {@link Channel#forEach} loops in turn.
 *
 * <p>Usage: {@code PipelineExample [single|parallel]} (default {@code parallel}: four threads); the output
 * is the same on both. Run under the agent: {@code scripts/demo io.jcoro.examples.PipelineExample}.
 */
public final class PipelineExample {
    static final int RECORDS = 10_000;
    static final int BUFFER = 16;
    static final int WORKERS = 3;
    /** The record that the second run spoils. */
    static final int MALFORMED_AT = 5_000;

    private PipelineExample() {}

    /** What the aggregator saw: how many squares, their sum, and the largest. */
    record Summary(long count, long sum, long max) {}

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = ExampleSchedulers.fromArgs(args, "pipeline")) {
            Summary s = scheduler.blockOn(() -> run(RECORDS));
            System.out.println("records in: " + RECORDS + ", squares out: " + s.count());
            System.out.println("sum of squares: " + s.sum() + " (n(n+1)(2n+1)/6 = "
                    + (long) RECORDS * (RECORDS + 1) * (2L * RECORDS + 1) / 6 + ")");
            System.out.println("largest square: " + s.max());
            try {
                scheduler.blockOn(() -> run(RECORDS, MALFORMED_AT));
                System.out.println("a malformed record went through unnoticed");
            } catch (IllegalArgumentException e) {
                System.out.println("with record " + MALFORMED_AT + " malformed, the pipeline stopped: " + e.getMessage());
            }
        }
    }

    /** Runs the pipeline over records {@code "record-1"} .. {@code "record-n"}; returns what the aggregator saw. */
    @Suspendable
    static Summary run(int n) {
        return run(n, -1);
    }

    /**
     * {@link #run(int)}, but record number {@code malformedAt} is garbage: its parser throws, which fails its
     * stage, which fails the scope: the scope cancels the source, the other stages and the aggregator, and
     * throws the parser's exception once they have all ended.
     */
    @Suspendable
    static Summary run(int n, int malformedAt) {
        Channel<String> lines = Channel.bounded(BUFFER);
        Channel<Integer> numbers = Channel.bounded(BUFFER);
        Channel<Long> squares = Channel.bounded(BUFFER);
        return Coroutines.scope(() -> {
            Coroutines.spawn(() -> { // the source
                try {
                    for (int i = 1; i <= n; i++) {
                        lines.send(i == malformedAt ? "garbage" : "record-" + i);
                    }
                } finally {
                    lines.close(); // no more records: the parsers drain the buffer, then their loops end
                }
                return null;
            });
            stage(numbers, () -> lines.forEach(line -> numbers.send(parse(line))));
            stage(squares, () -> numbers.forEach(x -> squares.send((long) x * x)));
            // the aggregator is the scope's body: one consumer, so a plain array is safe; the body may
            // resume on another thread after a receive, but a task's resumptions happen one after another
            long[] acc = new long[3];
            squares.forEach(sq -> {
                acc[0]++;
                acc[1] += sq;
                acc[2] = Math.max(acc[2], sq);
            });
            return new Summary(acc[0], acc[1], acc[2]);
        });
    }

    /**
     * Spawns a stage: {@value #WORKERS} workers each running {@code worker} (a loop over the stage's input)
     * in a scope of their own; when they have all returned, the stage closes {@code output}.
     */
    static void stage(Channel<?> output, SuspendableRunnable worker) {
        Coroutines.spawn(() -> {
            try {
                Coroutines.scope(() -> {
                    for (int w = 0; w < WORKERS; w++) {
                        Coroutines.spawn(() -> {
                            worker.run();
                            return null;
                        });
                    }
                    return null;
                });
            } finally {
                output.close(); // also when a worker failed: the next stage ends instead of waiting forever
            }
            return null;
        });
    }

    /** {@code "record-42"} -> 42. */
    static int parse(String line) {
        if (!line.startsWith("record-")) {
            throw new IllegalArgumentException("not a record: " + line);
        }
        return Integer.parseInt(line.substring("record-".length()));
    }
}
