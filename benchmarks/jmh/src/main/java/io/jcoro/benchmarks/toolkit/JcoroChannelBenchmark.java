package io.jcoro.benchmarks.toolkit;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.sync.Channel;
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
 * Time per element passed through a {@link Channel} from a producer coroutine to a consumer
 * coroutine on one {@link Scheduler#singleThreaded()} scheduler ({@code capacity} 0: rendezvous).
 * The producer sends the same element every time, so the allocation the gc profiler reports per
 * operation is the channel's and the scheduler's, not the elements'. Needs the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JcoroChannelBenchmark {
    @Param({"0", "1", "16", "256"})
    int capacity;

    private Scheduler scheduler;

    @Setup
    public void setUp() {
        scheduler = Scheduler.builder().name("channel-bench").singleThreaded();
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.ELEMENTS)
    public int handOff() throws Exception {
        int elements = ToolkitBenchmarks.ELEMENTS;
        int n = capacity;
        return ToolkitBenchmarks.checked(scheduler.blockOn(() -> handOff(n, elements)), elements);
    }

    @Suspendable
    static int handOff(int capacity, int elements) {
        Channel<Object> channel = Channel.bounded(capacity);
        Object element = new Object();
        Task<Integer> consumer = Coroutines.spawn(() -> {
            int received = 0;
            for (int i = 0; i < elements; i++) {
                channel.receive();
                received++;
            }
            return received;
        });
        for (int i = 0; i < elements; i++) {
            channel.send(element);
        }
        return Async.await(consumer.promise());
    }

    @TearDown
    public void tearDown() {
        scheduler.close();
    }
}
