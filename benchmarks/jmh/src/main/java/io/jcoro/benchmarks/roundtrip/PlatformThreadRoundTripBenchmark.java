package io.jcoro.benchmarks.roundtrip;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
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
 * Platform-thread peer of {@link JcoroRoundTripBenchmark}: a worker thread descends {@code depth}
 * calls and, at the bottom, hands a token back through a {@link SynchronousQueue} and waits for the
 * next one; {@link #roundTrip} hands it a token and takes the reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlatformThreadRoundTripBenchmark {
    private static final Object TOKEN = new Object();

    @Param({"1", "10", "100"})
    int depth;

    long sink;
    private final SynchronousQueue<Object> toWorker = new SynchronousQueue<>();
    private final SynchronousQueue<Object> toDriver = new SynchronousQueue<>();
    private volatile boolean stopped;
    private Thread worker;

    @Setup
    public void setUp() throws InterruptedException {
        worker = new Thread(this::work, "platform-round-trip");
        worker.setDaemon(true);
        worker.start();
        toDriver.take(); // the worker reached the bottom once
    }

    private void work() {
        try {
            while (!stopped) {
                sink += descend(depth);
            }
        } catch (InterruptedException e) {
            // tearDown
        }
    }

    private int descend(int remaining) throws InterruptedException {
        if (remaining <= 1) {
            toDriver.put(TOKEN);
            toWorker.take();
            return 1;
        }
        int below = descend(remaining - 1);
        return below + remaining;
    }

    @Benchmark
    public Object roundTrip() throws InterruptedException {
        toWorker.put(TOKEN);
        return toDriver.take();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        stopped = true;
        worker.interrupt();
        worker.join();
    }
}
