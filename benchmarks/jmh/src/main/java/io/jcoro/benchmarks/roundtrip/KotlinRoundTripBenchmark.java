package io.jcoro.benchmarks.roundtrip;

import io.jcoro.benchmarks.kotlin.KotlinRoundTrip;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Kotlin peer of {@link JcoroRoundTripBenchmark}: {@code suspendCoroutine} + {@code resume}, no dispatcher. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KotlinRoundTripBenchmark {
    @Param({"1", "10", "100"})
    int depth;

    private KotlinRoundTrip coroutine;

    @Setup
    public void setUp() {
        coroutine = new KotlinRoundTrip(depth);
    }

    @Benchmark
    public void roundTrip() {
        coroutine.roundTrip();
    }
}
