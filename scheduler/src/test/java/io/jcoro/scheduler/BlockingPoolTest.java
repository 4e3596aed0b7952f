package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking pool on its own (no coroutines, so no agent): on-demand threads up to the limit, FIFO
 * queueing, keep-alive, cancellation and its interrupt, shutdown. Sequenced with latches only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingPoolTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void callsBeyondTheLimitWaitInFifoOrder() throws Exception {
        BlockingPool pool = new BlockingPool("fifo", 1, HOUR);
        CountDownLatch gate = new CountDownLatch(1);
        BlockingPool.Call<Thread> first = occupyThread(pool, gate); // the only thread is busy: the next calls queue
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<BlockingPool.Call<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queued.add(pool.submit(() -> {
                order.add(n);
                return n;
            }));
        }
        assertEquals(List.of(), order, "nothing runs while the one thread is taken");
        gate.countDown();
        Async.await(first.promise);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, Async.await(queued.get(i).promise));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        assertEquals(1, pool.threads(), "never more threads than the limit");
        pool.shutdown();
    }

    @Test
    void threadsAreStartedOnDemandUpToTheLimit() throws Exception {
        int limit = 3;
        BlockingPool pool = new BlockingPool("limit", limit, HOUR);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch limitReached = new CountDownLatch(limit);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
        List<BlockingPool.Call<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(pool.submit(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                threadNames.add(Thread.currentThread().getName());
                limitReached.countDown();
                gate.await();
                running.decrementAndGet();
                return null;
            }));
        }
        limitReached.await(); // three calls block at once: each got its own thread
        assertEquals(limit, pool.threads());
        gate.countDown();
        for (BlockingPool.Call<Void> c : calls) {
            Async.await(c.promise);
        }
        assertEquals(limit, maxRunning.get());
        assertEquals(limit, pool.threads());
        assertTrue(threadNames.stream().allMatch(n -> n.matches("limit-blocking-[123]")), threadNames.toString());
        pool.shutdown();
    }

    @Test
    void whatTheCallThrowsFailsItsPromiseAsItIs() {
        BlockingPool pool = new BlockingPool("throws", 2, HOUR);
        IOException io = new IOException("disk on fire");
        BlockingPool.Call<String> call = pool.submit(() -> {
            throw io;
        });
        assertSame(io, assertThrows(IOException.class, () -> Async.await(call.promise)));
        AssertionError error = new AssertionError("an error too");
        BlockingPool.Call<String> failing = pool.submit(() -> {
            throw error;
        });
        assertSame(error, assertThrows(AssertionError.class, () -> Async.await(failing.promise)));
        pool.shutdown();
    }

    @Test
    void anIdleThreadEndsAfterTheKeepAliveAndANewOneStartsForTheNextCall() throws Exception {
        BlockingPool pool = new BlockingPool("idle", 4, TimeUnit.MILLISECONDS.toNanos(1));
        Thread first = Async.await(pool.submit(Thread::currentThread).promise);
        first.join(); // ends by itself once idle for the keep-alive
        assertEquals(0, pool.threads());
        Thread second = Async.await(pool.submit(Thread::currentThread).promise);
        assertEquals("idle-blocking-2", second.getName());
        assertTrue(second.isDaemon());
        second.join();
        pool.shutdown();
    }

    @Test
    void aCancelledQueuedCallNeverRuns() throws Exception {
        BlockingPool pool = new BlockingPool("skip", 1, HOUR);
        CountDownLatch gate = new CountDownLatch(1);
        BlockingPool.Call<Thread> first = occupyThread(pool, gate);
        AtomicBoolean ran = new AtomicBoolean();
        BlockingPool.Call<Void> cancelled = pool.submit(() -> {
            ran.set(true);
            return null;
        });
        BlockingPool.Call<String> after = pool.submit(() -> "after");
        assertTrue(cancelled.cancel(true));
        gate.countDown();
        Async.await(first.promise);
        assertEquals("after", Async.await(after.promise)); // FIFO: the cancelled call's turn came before this one
        assertFalse(ran.get());
        assertFalse(cancelled.promise.isDone(), "nobody awaits a cancelled call's promise: it stays pending");
        pool.shutdown();
    }

    @Test
    void cancellingARunningCallInterruptsItsThreadAndTheInterruptDoesNotReachTheNextCall() throws Exception {
        BlockingPool pool = new BlockingPool("interrupt", 1, HOUR);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingPool.Call<String> stubborn = pool.submit(() -> {
            running.countDown();
            boolean sawInterrupt = false;
            while (true) { // ignores the interrupt: runs on until released, then restores the flag
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    sawInterrupt = true;
                    interrupted.countDown();
                }
            }
            if (sawInterrupt) {
                Thread.currentThread().interrupt();
            }
            return "dropped";
        });
        running.await();
        assertTrue(stubborn.cancel(true));
        interrupted.await();
        release.countDown();
        AtomicReference<Thread> nextThread = new AtomicReference<>();
        boolean nextSawInterrupt = Async.await(pool.submit(() -> {
            nextThread.set(Thread.currentThread());
            return Thread.currentThread().isInterrupted();
        }).promise);
        assertFalse(nextSawInterrupt, "the next call on the same thread starts without an interrupt");
        assertEquals("interrupt-blocking-1", nextThread.get().getName(), "the one thread of the pool ran both");
        assertFalse(stubborn.promise.isDone(), "the cancelled call's result is dropped");
        pool.shutdown();
    }

    @Test
    void shutdownEndsIdleThreadsRunsWhatIsQueuedAndRefusesNewCalls() throws Exception {
        BlockingPool pool = new BlockingPool("shut", 1, HOUR);
        CountDownLatch gate = new CountDownLatch(1);
        BlockingPool.Call<Thread> first = occupyThread(pool, gate);
        BlockingPool.Call<String> queued = pool.submit(() -> "queued");
        pool.shutdown();
        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                () -> pool.submit(() -> "late"));
        assertTrue(refused.getMessage().contains("shut"), refused.getMessage());
        gate.countDown();
        Thread worker = Async.await(first.promise);
        assertEquals("queued", Async.await(queued.promise));
        worker.join(); // ends although its keep-alive is an hour
        assertEquals(0, pool.threads());
    }

    /** Submits a call that holds its thread until {@code gate} opens; returns once it runs. */
    private static BlockingPool.Call<Thread> occupyThread(BlockingPool pool, CountDownLatch gate)
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        BlockingPool.Call<Thread> call = pool.submit(() -> {
            running.countDown();
            gate.await();
            return Thread.currentThread();
        });
        running.await();
        return call;
    }

    @Test
    void aPoolNeedsAtLeastOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new BlockingPool("none", 0, HOUR));
    }
}
