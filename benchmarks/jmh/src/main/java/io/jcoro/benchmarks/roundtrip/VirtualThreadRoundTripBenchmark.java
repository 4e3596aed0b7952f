package io.jcoro.benchmarks.roundtrip;

import io.jcoro.benchmarks.support.VirtualThreads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Virtual-thread peer of {@link JcoroRoundTripBenchmark} (JDK 21+): a worker virtual thread descends
 * {@code depth} calls and parks at the bottom after unparking the benchmark thread; {@link #roundTrip}
 * unparks the worker and parks until the worker hands back. scripts/bench runs it with
 * {@code -Djmh.executor=VIRTUAL -Djdk.virtualThreadScheduler.parallelism=1}: the benchmark thread is a
 * virtual thread too and both share one carrier, so each round trip is two virtual-thread switches on
 * one OS thread (without those flags it also measures an OS-thread wake-up).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VirtualThreadRoundTripBenchmark {
    @Param({"1", "10", "100"})
    int depth;

    long sink;
    private volatile boolean workerTurn;
    private volatile boolean stopped;
    private volatile Thread driver;
    private Thread worker;

    @Setup
    public void setUp() {
        driver = Thread.currentThread();
        workerTurn = true;
        worker = VirtualThreads.start("vt-round-trip", this::work);
        awaitDriverTurn();
    }

    private void work() {
        while (!stopped) {
            sink += descend(depth);
        }
    }

    private int descend(int remaining) {
        if (remaining <= 1) {
            handBack();
            return 1;
        }
        int below = descend(remaining - 1);
        return below + remaining;
    }

    private void handBack() {
        workerTurn = false;
        LockSupport.unpark(driver);
        while (!workerTurn) {
            LockSupport.park(this);
        }
    }

    private void awaitDriverTurn() {
        while (workerTurn) {
            LockSupport.park(this);
        }
    }

    @Benchmark
    public void roundTrip() {
        driver = Thread.currentThread(); // JMH may run iterations on different virtual threads
        workerTurn = true;
        LockSupport.unpark(worker);
        awaitDriverTurn();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        stopped = true;
        workerTurn = true;
        LockSupport.unpark(worker);
        worker.join();
    }
}
