package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cooperative cancellation: Task.cancel, withTimeout, and what close() does to unfinished tasks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class CancellationTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingATaskMakesItsPendingAwaitThrowRunsFinallyAndFailsItsPromise(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<String> never = Promise.create();
            Promise<Void> waiting = Promise.create();
            AtomicReference<Throwable> seenInside = new AtomicReference<>();
            AtomicInteger finallies = new AtomicInteger();
            Task<String> task = s.spawn(() -> {
                try {
                    waiting.complete(null);
                    return Async.await(never);
                } catch (CancellationException e) {
                    seenInside.set(e);
                    throw e;
                } finally {
                    finallies.incrementAndGet();
                }
            });
            Async.await(waiting);
            assertTrue(task.cancel());
            assertFalse(task.cancel(), "only the first cancel succeeds");
            assertTrue(task.isCancelled());
            CancellationException outcome = assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertInstanceOf(CancellationException.class, seenInside.get(), "the await threw inside the coroutine");
            assertSame(seenInside.get(), outcome, "the promise fails with the cancellation the body saw");
            assertEquals(1, finallies.get());
            assertTrue(task.isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTaskThatSwallowsItsCancellationStillEndsCancelled(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<Void> waiting = Promise.create();
            AtomicReference<String> secondAwait = new AtomicReference<>();
            Task<String> task = s.spawn(() -> {
                try {
                    waiting.complete(null);
                    Async.await(Promise.create());
                } catch (CancellationException swallowed) {
                    // ignore it, then try to wait again
                }
                try {
                    Coroutines.sleep(Duration.ofMillis(1));
                    secondAwait.set("slept");
                } catch (CancellationException again) {
                    secondAwait.set("the next suspension threw too");
                }
                return "value";
            });
            Async.await(waiting);
            assertTrue(task.cancel());
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertEquals("the next suspension threw too", secondAwait.get());
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            AtomicBoolean ran = new AtomicBoolean();
            Task<Object> queued = s.blockOn(() -> {
                // the loop thread is busy with this task, so the new one cannot start before the cancel
                Task<Object> t = Coroutines.spawn(() -> {
                    ran.set(true);
                    return "ran";
                });
                assertTrue(t.cancel());
                return t;
            });
            assertThrows(CancellationException.class, () -> Async.await(queued.promise()));
            assertFalse(ran.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void yieldNowAndSleepObserveCancellation(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<Void> started = Promise.create();
            AtomicInteger loops = new AtomicInteger();
            Task<Object> spinner = s.spawn(() -> {
                started.complete(null);
                while (true) {
                    loops.incrementAndGet();
                    Coroutines.yieldNow(); // a CPU loop that stays cancellable
                }
            });
            Task<Object> sleeper = s.spawn(() -> {
                Coroutines.sleep(Duration.ofDays(1));
                return null;
            });
            Async.await(started);
            assertTrue(spinner.cancel());
            assertTrue(sleeper.cancel());
            assertThrows(CancellationException.class, () -> Async.await(spinner.promise()));
            assertThrows(CancellationException.class, () -> Async.await(sleeper.promise()));
            assertTrue(loops.get() >= 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withTimeoutCancelsTheBodyAndThrowsTimeoutException(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            AtomicInteger finallies = new AtomicInteger();
            AtomicReference<Throwable> insideBody = new AtomicReference<>();
            String after = s.blockOn(() -> {
                TimeoutException e = null;
                try { // not assertThrows: its Executable is not @Suspendable, so nothing inside it may suspend
                    Coroutines.withTimeout(Duration.ofMillis(10), () -> {
                        try {
                            return Async.await(Promise.create());
                        } catch (CancellationException c) {
                            insideBody.set(c);
                            throw c;
                        } finally {
                            finallies.incrementAndGet();
                        }
                    });
                } catch (TimeoutException expected) {
                    e = expected;
                }
                assertNotNull(e, "withTimeout threw TimeoutException");
                assertEquals(Duration.ofMillis(10), e.timeout());
                assertSame(insideBody.get(), e.getCause());
                // the task itself is not cancelled: it goes on awaiting normally
                Coroutines.sleep(Duration.ofMillis(1));
                return Async.await(Promise.completed("still alive"));
            });
            assertEquals("still alive", after);
            assertInstanceOf(CancellationException.class, insideBody.get());
            assertEquals(1, finallies.get());
        }
    }

    @Test
    void withTimeoutOutsideACoroutineFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Coroutines.withTimeout(Duration.ofSeconds(1), () -> 1));
        assertTrue(e.getMessage().contains("needs a coroutine"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withTimeoutReturnsTheValueOrTheFailureOfABodyThatFinishesInTime(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            int v = s.blockOn(() -> Coroutines.withTimeout(Duration.ofMinutes(1), () -> {
                Coroutines.sleep(Duration.ofMillis(1));
                return 7;
            }));
            assertEquals(7, v);
            IOException failure = new IOException("in time, but failing");
            IOException thrown = assertThrows(IOException.class, () -> s.blockOn(() -> Coroutines.withTimeout(Duration.ofMinutes(1), () -> {
                Coroutines.yieldNow();
                throw failure;
            })));
            assertSame(failure, thrown);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nestedTimeoutsTheOuterOneRunsOut(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            List<String> log = new ArrayList<>();
            String r = s.blockOn(() -> {
                try {
                    return Coroutines.withTimeout(Duration.ofMillis(20), () ->
                            Coroutines.withTimeout(Duration.ofHours(1), () -> {
                                try {
                                    Coroutines.sleep(Duration.ofHours(1));
                                    return "slept";
                                } finally {
                                    log.add("inner finally");
                                }
                            }));
                } catch (TimeoutException e) {
                    log.add("outer timed out after " + e.timeout().toMillis() + " ms");
                    assertInstanceOf(CancellationException.class, e.getCause(), "the inner scope let the cancellation through");
                    return "recovered";
                }
            });
            assertEquals("recovered", r);
            assertEquals(List.of("inner finally", "outer timed out after 20 ms"), log);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingTheTaskInsideWithTimeoutPropagatesTheCancellationNotATimeout(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<Void> waiting = Promise.create();
            Task<Object> t = s.spawn(() -> Coroutines.withTimeout(Duration.ofHours(1), () -> {
                waiting.complete(null);
                return Async.await(Promise.create());
            }));
            Async.await(waiting);
            t.cancel();
            Exception e = assertThrows(Exception.class, () -> Async.await(t.promise()));
            assertInstanceOf(CancellationException.class, e);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void interruptingAThreadInBlockOnCancelsTheTask(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<Void> waiting = Promise.create();
            AtomicInteger finallies = new AtomicInteger();
            AtomicReference<Throwable> blockOnThrew = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    s.blockOn(() -> {
                        try {
                            waiting.complete(null);
                            return Async.await(Promise.create());
                        } finally {
                            finallies.incrementAndGet();
                        }
                    });
                } catch (Throwable e) {
                    blockOnThrew.set(e);
                    waiting.complete(null); // never leave the test thread waiting
                }
            });
            caller.start();
            Async.await(waiting);
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(30));
            assertInstanceOf(InterruptedException.class, blockOnThrew.get());
            // the cancelled task still runs its finally block on the scheduler
            Task<Object> after = s.spawn(() -> null);
            Async.await(after.promise());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (finallies.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(1, finallies.get());
        }
    }

    // ---------------------------------------------------------------- close

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeCancelsUnfinishedTasksRunsTheirFinallyBlocksAndWaitsForThem(Kind kind) throws Exception {
        Scheduler s = kind.create();
        int n = 50;
        AtomicInteger finallies = new AtomicInteger();
        AtomicInteger cancelledInside = new AtomicInteger();
        List<Task<String>> tasks = new ArrayList<>();
        Promise<Void> allWaiting = Promise.create();
        AtomicInteger waiting = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            tasks.add(s.spawn(() -> {
                try {
                    if (waiting.incrementAndGet() == n) {
                        allWaiting.complete(null);
                    }
                    return Async.await(Promise.<String>create());
                } catch (CancellationException e) {
                    cancelledInside.incrementAndGet();
                    Coroutines.yieldNow(); // throws again: the task is cancelled
                    return "unreachable";
                } finally {
                    finallies.incrementAndGet();
                }
            }));
        }
        Task<String> finished = s.spawn(() -> "done early");
        Async.await(allWaiting);
        Async.await(finished.promise());
        Thread loopOrWorker = s.blockOn(Thread::currentThread);
        s.close();
        // close() returned: every task has finished
        assertEquals(n, finallies.get());
        assertEquals(n, cancelledInside.get());
        for (Task<String> t : tasks) {
            assertTrue(t.isDone());
            assertTrue(t.promise().isFailed());
            assertInstanceOf(CancellationException.class, t.promise().exceptionNow());
        }
        assertEquals("done early", finished.promise().resultNow());
        assertThrows(RejectedExecutionException.class, () -> s.spawn(() -> 1));
        loopOrWorker.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(loopOrWorker.isAlive(), "the scheduler's threads have stopped");
        s.close(); // closing twice is harmless
    }

    @Test
    void closeAbandonsATaskThatDoesNotFinishWithinTheCloseTimeout() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        Scheduler s = Scheduler.builder().closeTimeout(Duration.ofMillis(100)).blockedThreshold(Duration.ZERO)
                .singleThreaded();
        Promise<Void> started = Promise.create();
        Task<String> stubborn = s.spawn(() -> {
            started.complete(null);
            while (!release.get()) {
                try {
                    Coroutines.yieldNow();
                } catch (CancellationException ignored) {
                    Thread.onSpinWait(); // refuses to stop, and no longer suspends: it holds the loop
                }
            }
            return "released";
        });
        Async.await(started);
        try {
            s.close();
            assertTrue(stubborn.promise().isFailed());
            CancellationException e = (CancellationException) stubborn.promise().exceptionNow();
            assertTrue(e.getMessage().contains("abandoned"), e.getMessage());
        } finally {
            release.set(true);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeCalledFromATaskCancelsEverythingAndStopsInTheBackground(Kind kind) throws Exception {
        Scheduler s = kind.create();
        AtomicInteger finallies = new AtomicInteger();
        Promise<Void> sleeping = Promise.create();
        Task<Object> sleeper = s.spawn(() -> {
            try {
                sleeping.complete(null);
                Coroutines.sleep(Duration.ofHours(1));
                return null;
            } finally {
                finallies.incrementAndGet();
            }
        });
        Task<String> closer = s.spawn(() -> {
            Async.await(sleeping);
            s.close(); // returns at once: it cannot wait for itself
            try {
                Coroutines.yieldNow();
                return "not cancelled?";
            } finally {
                finallies.incrementAndGet();
            }
        });
        assertThrows(CancellationException.class, () -> Async.await(sleeper.promise()));
        assertThrows(CancellationException.class, () -> Async.await(closer.promise()));
        s.close(); // from outside: waits for the background close to end
        assertEquals(2, finallies.get());
        assertNotNull(assertThrows(RejectedExecutionException.class, () -> s.spawn(() -> 1)));
    }
}
