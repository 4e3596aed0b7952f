package io.jcoro.benchmarks;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Suspend + resume round trip of a jcoro {@link Continuation} suspended {@code depth} frames down.
 * Needs the agent: run through {@code scripts/bench} (the peers come with the benchmarks issue).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SuspendResumeBenchmark {
    @Param({"1", "10", "100"})
    int depth;

    Continuation continuation;

    @Setup
    public void setUp() {
        continuation = new Continuation(() -> {
            while (true) {
                descend(depth);
            }
        });
    }

    @Suspendable
    static void descend(int remaining) {
        if (remaining <= 1) {
            Continuation.suspend();
        } else {
            descend(remaining - 1);
        }
    }

    @Benchmark
    public void roundTrip() {
        continuation.resume();
    }
}
