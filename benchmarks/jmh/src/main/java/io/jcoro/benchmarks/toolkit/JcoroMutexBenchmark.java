package io.jcoro.benchmarks.toolkit;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.sync.Mutex;
import java.util.ArrayList;
import java.util.List;
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
 * Time per lock/unlock of a {@link Mutex} on one {@link Scheduler#singleThreaded()} scheduler:
 * {@code uncontended}, one coroutine alone; {@code contended}, {@link ToolkitBenchmarks#CONTENDERS}
 * coroutines that each lock, yield while holding the lock (so the others queue behind it) and unlock.
 * Needs the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JcoroMutexBenchmark {
    private Scheduler scheduler;

    @Setup
    public void setUp() {
        scheduler = Scheduler.builder().name("mutex-bench").singleThreaded();
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.LOCKS)
    public int uncontended() throws Exception {
        int times = ToolkitBenchmarks.LOCKS;
        return ToolkitBenchmarks.checked(scheduler.blockOn(() -> {
            Mutex mutex = new Mutex();
            int count = 0;
            for (int i = 0; i < times; i++) {
                mutex.lock();
                count++;
                mutex.unlock();
            }
            return count;
        }), times);
    }

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.LOCKS)
    public int contended() throws Exception {
        return ToolkitBenchmarks.checked(scheduler.blockOn(() -> contended(ToolkitBenchmarks.CONTENDERS,
                ToolkitBenchmarks.LOCKS / ToolkitBenchmarks.CONTENDERS)), ToolkitBenchmarks.LOCKS);
    }

    @Suspendable
    static int contended(int coroutines, int times) {
        Mutex mutex = new Mutex();
        int[] count = new int[1];
        List<Task<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < coroutines; c++) {
            tasks.add(Coroutines.spawn(() -> {
                for (int i = 0; i < times; i++) {
                    mutex.lock();
                    try {
                        count[0]++;
                        Coroutines.yieldNow();
                    } finally {
                        mutex.unlock();
                    }
                }
                return null;
            }));
        }
        for (Task<Void> t : tasks) {
            Async.await(t.promise());
        }
        return count[0];
    }

    @TearDown
    public void tearDown() {
        scheduler.close();
    }
}
