package io.jcoro.benchmarks.toolkit;

import io.jcoro.benchmarks.kotlin.KotlinToolkit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Kotlin peer of {@link JcoroChannelBenchmark}: {@code Channel(capacity)} between two coroutines,
 * on a single-thread executor dispatcher ({@code handOff}, as jcoro's loop thread) and on
 * {@code runBlocking}'s event loop in the calling thread ({@code handOffRunBlocking}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KotlinChannelBenchmark {
    @Param({"0", "1", "16", "256"})
    int capacity;

    private KotlinToolkit kotlin;

    @Setup
    public void setUp() {
        kotlin = new KotlinToolkit();
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.ELEMENTS)
    public int handOff() {
        return ToolkitBenchmarks.checked(kotlin.handOff(capacity, ToolkitBenchmarks.ELEMENTS, true), ToolkitBenchmarks.ELEMENTS);
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.ELEMENTS)
    public int handOffRunBlocking() {
        return ToolkitBenchmarks.checked(kotlin.handOff(capacity, ToolkitBenchmarks.ELEMENTS, false), ToolkitBenchmarks.ELEMENTS);
    }

    @TearDown
    public void tearDown() {
        kotlin.close();
    }
}
