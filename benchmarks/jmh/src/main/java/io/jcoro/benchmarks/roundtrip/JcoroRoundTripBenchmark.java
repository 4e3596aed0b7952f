package io.jcoro.benchmarks.roundtrip;

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
 * Suspend + resume round trip of a jcoro {@link Continuation} suspended {@code depth} frames down:
 * {@link #roundTrip} resumes it, every frame returns, the loop descends again and suspends at the
 * bottom. Each frame keeps a live local across its call, so each one saves and restores state.
 * Needs the agent (scripts/bench adds {@code -javaagent:jcoro-agent.jar}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JcoroRoundTripBenchmark {
    @Param({"1", "10", "100"})
    int depth;

    long sink;
    private Continuation continuation;

    @Setup
    public void setUp() {
        int d = depth;
        continuation = new Continuation(() -> {
            while (true) {
                sink += descend(d);
            }
        });
        continuation.resume(); // runs to the first suspension
    }

    @Suspendable
    static int descend(int remaining) {
        if (remaining <= 1) {
            Continuation.suspend();
            return 1;
        }
        int below = descend(remaining - 1);
        return below + remaining;
    }

    @Benchmark
    public void roundTrip() {
        continuation.resume();
    }
}
