package io.jcoro.benchmarks.await;

import io.jcoro.scheduler.Scheduler;
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
 * Time per {@code Async.await} of a promise completed by another coroutine on the same
 * {@link Scheduler#singleThreaded()} scheduler (see {@link JcoroPingPong}). Needs the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JcoroAwaitBenchmark {
    private Scheduler scheduler;

    @Setup
    public void setUp() {
        scheduler = Scheduler.builder().name("await-bench").singleThreaded();
    }

    @Benchmark
    @OperationsPerInvocation(AwaitBenchmarks.AWAITS)
    public int pingPong() throws Exception {
        return AwaitBenchmarks.checked(scheduler.blockOn(() -> JcoroPingPong.play(AwaitBenchmarks.ROUNDS)));
    }

    @TearDown
    public void tearDown() {
        scheduler.close();
    }
}
