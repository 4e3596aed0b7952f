package io.jcoro.benchmarks.await;

import io.jcoro.benchmarks.kotlin.KotlinAwaitPingPong;
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

/** Kotlin peer of {@link JcoroAwaitBenchmark}: {@code CompletableDeferred.await} on a single-thread dispatcher. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KotlinAwaitBenchmark {
    private KotlinAwaitPingPong game;

    @Setup
    public void setUp() {
        game = new KotlinAwaitPingPong();
    }

    @Benchmark
    @OperationsPerInvocation(AwaitBenchmarks.AWAITS)
    public int pingPong() {
        return AwaitBenchmarks.checked(game.run(AwaitBenchmarks.ROUNDS));
    }

    @TearDown
    public void tearDown() {
        game.close();
    }
}
