package io.jcoro.benchmarks.fastpath;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of being suspendable when nothing suspends: a recursive fib where every call is a
 * {@code @Suspendable} call. scripts/bench runs this class twice, once under the agent (every
 * method woven) and once without it (plain code), and reports the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FastPathBenchmark {
    @Param({"30"})
    int n;

    private int result;

    @Suspendable
    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }

    /** Called from plain code, outside any coroutine. */
    @Benchmark
    public int plainCaller() {
        return fib(n);
    }

    /** Called inside a continuation that runs to its end without suspending. */
    @Benchmark
    public int inContinuation() {
        int arg = n;
        new Continuation(() -> result = fib(arg)).resume();
        return result;
    }
}
