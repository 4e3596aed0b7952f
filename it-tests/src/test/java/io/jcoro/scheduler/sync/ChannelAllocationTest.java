package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "No allocation per element on a bounded channel in steady state": once a producer and a consumer
 * coroutine have waited on a channel once each (so its spare nodes exist), passing elements between
 * them allocates nothing, although with a small buffer nearly every element costs a wait, a wake-up
 * and a resumption of one side. Measured with the JVM's per-thread allocation counter on the event
 * loop's one thread, which runs both tasks and everything the scheduler does for them.
 *
 * <p>On {@code Scheduler.singleThreaded()} only: a parallel scheduler hands each wake-up to a
 * {@code ForkJoinPool}, whose {@code execute} wraps the task in an object of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class ChannelAllocationTest {
    private static final int ELEMENTS = 100_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16})
    void passingElementsAllocatesNothingPerElement(int capacity) throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            long allocated = s.blockOn(() -> measure(Channel.bounded(capacity)));
            // Less than one byte per element: a wait that allocated (a promise, a listener, a queue node)
            // would cost at least 16 bytes each time, and most elements cost a wait here. Not exactly 0:
            // while the JIT replaces code, the JVM now and then allocates a few dozen bytes once on this
            // thread, which has nothing to do with the channel.
            assertTrue(allocated < ELEMENTS, allocated + " bytes allocated on the loop thread while " + ELEMENTS
                    + " elements passed through a channel of capacity " + capacity);
        }
    }

    /** Warms up, then returns the bytes the loop thread allocated while ELEMENTS more elements passed. */
    @Suspendable
    private static long measure(Channel<Object> channel) {
        Object element = new Object();
        Task<Integer> consumer = Coroutines.spawn(() -> {
            int received = 0;
            for (int i = 0; i < 2 * ELEMENTS; i++) {
                if (channel.receive() == element) {
                    received++;
                }
            }
            return received;
        });
        for (int i = 0; i < ELEMENTS; i++) { // warm-up: spare nodes made, classes loaded, code compiled
            channel.send(element);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ELEMENTS; i++) {
            channel.send(element);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2 * ELEMENTS, Async.await(consumer.promise()), "every element received once");
        return allocated;
    }
}
