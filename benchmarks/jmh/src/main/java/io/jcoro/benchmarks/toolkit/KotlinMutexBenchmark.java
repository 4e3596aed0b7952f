package io.jcoro.benchmarks.toolkit;

import io.jcoro.benchmarks.kotlin.KotlinToolkit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Kotlin peer of {@link JcoroMutexBenchmark}: {@code kotlinx.coroutines.sync.Mutex} on a single-thread dispatcher. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KotlinMutexBenchmark {
    private KotlinToolkit kotlin;

    @Setup
    public void setUp() {
        kotlin = new KotlinToolkit();
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.LOCKS)
    public int uncontended() {
        return ToolkitBenchmarks.checked(kotlin.mutexUncontended(ToolkitBenchmarks.LOCKS), ToolkitBenchmarks.LOCKS);
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.LOCKS)
    public int contended() {
        return ToolkitBenchmarks.checked(kotlin.mutexContended(ToolkitBenchmarks.CONTENDERS,
                ToolkitBenchmarks.LOCKS / ToolkitBenchmarks.CONTENDERS), ToolkitBenchmarks.LOCKS);
    }

    @TearDown
    public void tearDown() {
        kotlin.close();
    }
}
