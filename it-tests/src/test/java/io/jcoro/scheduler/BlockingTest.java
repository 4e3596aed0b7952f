package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Coroutines#blocking}: the call runs on the scheduler's blocking pool while the scheduler runs
 * other tasks; its value or exception comes back as it is; cancellation and timeouts interrupt it; the
 * pool's limit holds; plain threads run the call themselves. Sequenced with latches and promises.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class BlockingTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void theCallRunsOnANamedPoolThreadAndItsValueComesBack(Kind kind) throws Exception {
        try (Scheduler s = kind.create("blk-" + kind.ordinal())) {
            Thread ran = s.blockOn(() -> Coroutines.blocking(Thread::currentThread));
            assertTrue(ran.getName().startsWith("blk-" + kind.ordinal() + "-blocking-"), ran.getName());
            assertTrue(ran.isDaemon());
            assertFalse(Kind.runsTasks(s, ran), "not one of the threads that run tasks");
            assertEquals("value", s.blockOn(() -> Coroutines.blocking(() -> "value")));
            assertNull(s.blockOn(() -> Coroutines.<Object>blocking(() -> null)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theSchedulerRunsOtherTasksWhileACallBlocks(Kind kind) throws Exception {
        // with one task thread (the loop, parallel(1)), a call blocking on that thread would never see the
        // latch released by the other task: the test's timeout would fail it
        try (Scheduler s = kind.create()) {
            CountDownLatch releasedByATask = new CountDownLatch(1);
            Task<String> blocked = s.spawn(() -> Coroutines.blocking(() -> {
                releasedByATask.await();
                return "released";
            }));
            s.spawn(() -> {
                Coroutines.sleep(Duration.ofMillis(1)); // a timer on the scheduler, too
                releasedByATask.countDown();
                return null;
            });
            assertEquals("released", Async.await(blocked.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whatTheCallThrowsIsThrownAsItIsCheckedExceptionsIncluded(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            IOException io = new IOException("no such file");
            AtomicReference<Throwable> caughtInside = new AtomicReference<>();
            Task<String> task = s.spawn(() -> {
                try {
                    return Coroutines.blocking(() -> {
                        throw io;
                    });
                } catch (Exception e) { // undeclared, as with await: catch it as Exception
                    caughtInside.set(e);
                    throw e;
                }
            });
            assertSame(io, assertThrows(IOException.class, () -> Async.await(task.promise())));
            assertSame(io, caughtInside.get());
            StackOverflowError error = new StackOverflowError("deep");
            assertSame(error, assertThrows(StackOverflowError.class, () -> s.blockOn(() -> Coroutines.blocking(() -> {
                throw error;
            }))));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingTheTaskInterruptsTheBlockedCall(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CountDownLatch callRuns = new CountDownLatch(1);
            CountDownLatch callInterrupted = new CountDownLatch(1);
            Task<String> task = s.spawn(() -> Coroutines.blocking(() -> {
                callRuns.countDown();
                try {
                    new CountDownLatch(1).await(); // never released
                    return "never";
                } catch (InterruptedException e) {
                    callInterrupted.countDown();
                    throw e;
                }
            }));
            callRuns.await();
            assertTrue(task.cancel());
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            callInterrupted.await(); // the test's timeout fails this if the thread was never interrupted
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimeoutInterruptsTheBlockedCall(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CountDownLatch callInterrupted = new CountDownLatch(1);
            AtomicReference<Throwable> inBody = new AtomicReference<>();
            Task<String> task = s.spawn(() -> Coroutines.withTimeout(Duration.ofMillis(20), () -> {
                try {
                    return Coroutines.blocking(() -> {
                        try {
                            new CountDownLatch(1).await(); // never released: only the timeout ends the wait
                            return "never";
                        } catch (InterruptedException e) {
                            callInterrupted.countDown();
                            throw e;
                        }
                    });
                } catch (Throwable t) {
                    inBody.set(t);
                    throw t;
                }
            }));
            TimeoutException timeout = assertThrows(TimeoutException.class, () -> Async.await(task.promise()));
            assertInstanceOf(CancellationException.class, inBody.get(), "the body saw a cancellation");
            assertSame(inBody.get(), timeout.getCause());
            callInterrupted.await();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCallThatIgnoresTheInterruptRunsToItsEndAndItsResultIsDropped(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CountDownLatch callRuns = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch callEnded = new CountDownLatch(1);
            AtomicReference<Object> afterBlocking = new AtomicReference<>("not reached");
            Task<String> task = s.spawn(() -> {
                String r = Coroutines.blocking(() -> {
                    callRuns.countDown();
                    try {
                        while (true) {
                            try {
                                release.await();
                                return "dropped";
                            } catch (InterruptedException ignored) {
                                interrupted.countDown();
                            }
                        }
                    } finally {
                        callEnded.countDown();
                    }
                });
                afterBlocking.set(r);
                return r;
            });
            callRuns.await();
            assertTrue(task.cancel());
            interrupted.await();
            // the task ends while the call still runs: the call only ends after this
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertEquals(1, callEnded.getCount(), "the call is still running");
            release.countDown();
            callEnded.await();
            assertEquals("not reached", afterBlocking.get(), "nobody received the call's result");
            // the pool thread is fine for the next call, which starts without the old interrupt
            assertFalse(s.blockOn(() -> Coroutines.blocking(() -> Thread.currentThread().isInterrupted())));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledTaskStartsNoCall(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<Void> waiting = Promise.create();
            AtomicBoolean callRan = new AtomicBoolean();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Task<Void> task = s.spawn(() -> {
                try {
                    waiting.complete(null);
                    Async.await(Promise.create());
                } catch (CancellationException swallowed) {
                    // goes on although cancelled
                }
                try {
                    Coroutines.blocking(() -> callRan.getAndSet(true));
                } catch (Throwable t) {
                    thrown.set(t);
                }
                return null;
            });
            Async.await(waiting);
            task.cancel();
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertInstanceOf(CancellationException.class, thrown.get());
            assertFalse(callRan.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void atMostBlockingThreadsCallsRunAtOnceAndTheRestQueue(Kind kind) throws Exception {
        int limit = 2;
        int calls = 12;
        try (Scheduler s = kind.create(Scheduler.builder().blockingThreads(limit).closeTimeout(Duration.ofSeconds(30)))) {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch limitReached = new CountDownLatch(limit);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            AtomicInteger started = new AtomicInteger();
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                tasks.add(s.spawn(() -> Coroutines.blocking(() -> {
                    started.incrementAndGet();
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    limitReached.countDown();
                    gate.await();
                    running.decrementAndGet();
                    return n;
                })));
            }
            limitReached.await();
            BlockingPool pool = ((AbstractScheduler) s).blockingPool();
            assertEquals(limit, pool.threads());
            assertEquals(limit, started.get(), "the other calls wait: both threads are held at the gate");
            gate.countDown();
            for (int i = 0; i < calls; i++) {
                assertEquals(i, Async.await(tasks.get(i).promise()));
            }
            assertEquals(limit, maxRunning.get());
            assertEquals(limit, pool.threads());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeShutsThePoolDown(Kind kind) throws Exception {
        Thread poolThread;
        try (Scheduler s = kind.create()) {
            poolThread = s.blockOn(() -> Coroutines.blocking(Thread::currentThread));
        }
        poolThread.join(); // ends without waiting out its keep-alive
        assertThrows(java.util.concurrent.RejectedExecutionException.class,
                () -> ((AbstractScheduler) kindClosed(kind)).blockingPool());
    }

    /** A scheduler of this kind that has been closed. */
    private static Scheduler kindClosed(Kind kind) {
        Scheduler s = kind.create();
        s.close();
        return s;
    }

    @Test
    void onAPlainThreadTheCallRunsOnTheCallingThread() throws Exception {
        assertSame(Thread.currentThread(), Coroutines.blocking(Thread::currentThread));
        IOException io = new IOException("as it is");
        assertSame(io, assertThrows(IOException.class, () -> Coroutines.blocking(() -> {
            throw io;
        })));
    }
}
