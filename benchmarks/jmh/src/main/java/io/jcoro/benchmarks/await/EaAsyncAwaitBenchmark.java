package io.jcoro.benchmarks.await;

import io.jcoro.benchmarks.eaasync.EaAsyncPingPong;
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

/**
 * ea-async peer of {@link JcoroAwaitBenchmark}: {@code await} on {@code CompletableFuture}s completed
 * through a single-thread executor. Needs {@code -javaagent:ea-async.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EaAsyncAwaitBenchmark {
    private EaAsyncPingPong game;

    @Setup
    public void setUp() {
        game = new EaAsyncPingPong();
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
