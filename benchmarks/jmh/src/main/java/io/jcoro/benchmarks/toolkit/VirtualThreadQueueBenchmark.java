package io.jcoro.benchmarks.toolkit;

import io.jcoro.benchmarks.support.VirtualThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Virtual-thread peer of {@link JcoroChannelBenchmark}: an {@code ArrayBlockingQueue(capacity)}
 * ({@code SynchronousQueue} for capacity 0, the rendezvous) between a producer and a consumer
 * virtual thread (on the default carrier pool: as many carriers as cores). JDK 21+.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VirtualThreadQueueBenchmark {
    @Param({"0", "1", "16", "256"})
    int capacity;

    @Benchmark
    @OperationsPerInvocation(ToolkitBenchmarks.ELEMENTS)
    public int handOff() throws InterruptedException {
        int elements = ToolkitBenchmarks.ELEMENTS;
        BlockingQueue<Object> queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        Object element = new Object();
        int[] received = new int[1];
        Thread consumer = VirtualThreads.start("queue-consumer", () -> {
            try {
                for (int i = 0; i < elements; i++) {
                    queue.take();
                    received[0]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = VirtualThreads.start("queue-producer", () -> {
            try {
                for (int i = 0; i < elements; i++) {
                    queue.put(element);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.join();
        consumer.join();
        return ToolkitBenchmarks.checked(received[0], elements);
    }
}
