package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** spawn, blockOn, resumption, sleep, Coroutines.spawn; the same tests on both schedulers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SchedulerTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void blockOnReturnsTheValueOrThrowsTheFailureAsItIs(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            assertEquals(42, s.blockOn(() -> 6 * 7));
            IOException failure = new IOException("boom");
            IOException thrown = assertThrows(IOException.class, () -> s.blockOn(() -> {
                throw failure;
            }));
            assertSame(failure, thrown);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPromiseCompletedOnAForeignThreadResumesTheTaskOnItsScheduler(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<String> p = Promise.create();
            Promise<Void> waiting = Promise.create();
            Task<Thread> task = s.spawn(() -> {
                waiting.complete(null);
                String v = Async.await(p);
                assertEquals("hello", v);
                return Thread.currentThread();
            });
            Async.await(waiting);
            Thread foreign = new Thread(() -> p.complete("hello"), "foreign");
            foreign.start();
            Thread resumedOn = Async.await(task.promise());
            foreign.join();
            assertNotSame(foreign, resumedOn);
            assertTrue(Kind.runsTasks(s, resumedOn), "resumed on " + resumedOn.getName());
            assertEquals(0, s.stats().spuriousResumes());
            assertEquals(0, s.stats().doubleRuns());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anAwaitOnAnotherSchedulersTaskResumesOnTheAwaitersScheduler(Kind kind) throws Exception {
        try (Scheduler a = kind.create(); Scheduler b = Scheduler.singleThreaded()) {
            Task<Thread> other = b.spawn(() -> {
                Coroutines.sleep(Duration.ofMillis(5));
                return Thread.currentThread();
            });
            Thread[] threads = a.blockOn(() -> {
                Thread before = Thread.currentThread();
                Thread otherThread = Async.await(other.promise());
                return new Thread[] {before, otherThread, Thread.currentThread()};
            });
            assertTrue(Kind.runsTasks(b, threads[1]));
            assertTrue(Kind.runsTasks(a, threads[0]));
            assertTrue(Kind.runsTasks(a, threads[2]), "resumed on " + threads[2].getName());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSleepingTaskDoesNotHoldItsThread(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Task<String> sleeper = s.spawn(() -> {
                Coroutines.sleep(Duration.ofHours(1));
                return "woke";
            });
            List<Task<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                workers.add(s.spawn(() -> {
                    Coroutines.sleep(Duration.ofMillis(1));
                    return n * n;
                }));
            }
            int sum = 0;
            for (Task<Integer> w : workers) {
                sum += Async.await(w.promise());
            }
            assertEquals(285, sum);
            assertFalse(sleeper.isDone(), "the hour-long sleep is still pending");
            assertTrue(sleeper.cancel());
            assertThrows(CancellationException.class, () -> Async.await(sleeper.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void coroutinesSpawnUsesTheCurrentScheduler(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Thread childThread = s.blockOn(() -> {
                Task<Thread> child = Coroutines.spawn(() -> {
                    Coroutines.yieldNow();
                    return Thread.currentThread();
                });
                return Async.await(child.promise());
            });
            assertTrue(Kind.runsTasks(s, childThread));
            assertEquals(2, s.stats().spawned());
        }
    }

    @Test
    void coroutinesSpawnOutsideASchedulerFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Coroutines.spawn(() -> 1));
        assertTrue(e.getMessage().contains("belongs to no scheduler"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void blockOnFromTheSchedulersOwnThreadFailsInsteadOfDeadlocking(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            IllegalStateException e = s.blockOn(() -> {
                try {
                    s.blockOn(() -> 1);
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertTrue(e.getMessage().contains("would deadlock"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void manyTasksAwaitingEachOtherInAChain(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            int n = 2000;
            Promise<Integer> first = Promise.create();
            Promise<Integer> previous = first;
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Promise<Integer> in = previous;
                Task<Integer> t = s.spawn(() -> Async.await(in) + 1);
                tasks.add(t);
                previous = t.promise();
            }
            first.complete(0);
            assertEquals(n, Async.await(previous));
            assertEquals(0, s.stats().spuriousResumes());
            assertEquals(0, s.stats().doubleRuns());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void awaitingSeveralPromisesWithCombinators(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            AtomicInteger finallies = new AtomicInteger();
            String result = s.blockOn(() -> {
                try {
                    Promise<String> slow = Promise.create();
                    Task<String> fast = Coroutines.spawn(() -> {
                        Coroutines.sleep(Duration.ofMillis(2));
                        return "fast";
                    });
                    String winner = Async.await(Promise.race(slow, fast.promise()));
                    List<Object> both = Async.await(Promise.all(fast.promise(), Promise.completed("x")));
                    return winner + both;
                } finally {
                    finallies.incrementAndGet();
                }
            });
            assertEquals("fast[fast, x]", result);
            assertEquals(1, finallies.get());
        }
    }

    @Test
    void yieldNowSendsTheTaskToTheBackOfTheQueue() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            List<String> log = new ArrayList<>(); // only the loop thread touches it
            Promise<Void> go = Promise.create();
            Task<Void> a = s.spawn(() -> {
                Async.await(go);
                for (int i = 0; i < 3; i++) {
                    log.add("a" + i);
                    Coroutines.yieldNow();
                }
                return null;
            });
            Task<Void> b = s.spawn(() -> {
                Async.await(go);
                for (int i = 0; i < 3; i++) {
                    log.add("b" + i);
                    Coroutines.yieldNow();
                }
                return null;
            });
            s.blockOn(() -> {
                go.complete(null); // wakes a, then b, in that order
                Async.await(Promise.all(a.promise(), b.promise()));
                return null;
            });
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log);
        }
    }

    @Test
    void twoPingPongingTasksDoNotStarveAThird() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            AtomicReference<Promise<Void>> ball = new AtomicReference<>(Promise.create());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger volleys = new AtomicInteger();
            // two tasks pass a ball back and forth forever: each wakes the other and waits for it
            for (int player = 0; player < 2; player++) {
                s.spawn(() -> {
                    while (!stop.get()) {
                        Promise<Void> mine = ball.get();
                        Promise<Void> next = Promise.create();
                        ball.set(next);
                        mine.complete(null);
                        volleys.incrementAndGet();
                        Async.await(next);
                    }
                    ball.get().complete(null);
                    return null;
                });
            }
            Task<String> third = s.spawn(() -> {
                Coroutines.sleep(Duration.ofMillis(5)); // a timer, not just the queue, must get its turn
                Coroutines.yieldNow();
                return "ran";
            });
            assertEquals("ran", Async.await(third.promise()));
            stop.set(true);
            assertTrue(volleys.get() > 0);
        }
    }

    @Test
    void theEventLoopSleepsInSelectWhenIdleAndAForeignCompletionWakesIt() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            Promise<Integer> p = Promise.create();
            Task<Integer> task = s.spawn(() -> Async.await(p) * 2);
            Thread loop = s.blockOn(Thread::currentThread);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!inSelect(loop) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(inSelect(loop), "the idle loop thread waits in Selector.select");
            p.complete(21);
            assertEquals(42, Async.await(task.promise()));
        }
    }

    private static boolean inSelect(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("sun.nio.ch.SelectorImpl") && e.getMethodName().startsWith("select")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void parallelRunsTasksOnAForkJoinPoolInAsyncMode() throws Exception {
        try (Scheduler s = Scheduler.parallel(2)) {
            Thread t = s.blockOn(() -> {
                Coroutines.yieldNow();
                return Thread.currentThread();
            });
            ForkJoinWorkerThread worker = assertInstanceOf(ForkJoinWorkerThread.class, t);
            assertTrue(worker.getPool().getAsyncMode(), "FIFO local queues");
            assertEquals(2, worker.getPool().getParallelism());
        }
    }

    @Test
    void aPlainContinuationInsideATaskSuspendsOnItsOwnNotTheTask() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            Promise<String> p = Promise.create();
            List<String> log = s.blockOn(() -> {
                List<String> l = new ArrayList<>();
                Continuation inner = new Continuation(() -> l.add("inner got " + Async.await(p)));
                inner.resume();
                l.add("inner suspended: " + !inner.isDone());
                p.complete("x");
                inner.resume();
                l.add("inner done: " + inner.isDone());
                return l;
            });
            assertEquals(List.of("inner suspended: true", "inner got x", "inner done: true"), log);
        }
    }

    @Test
    void sleepAndYieldOutsideASchedulerTask() {
        Coroutines.sleep(Duration.ofMillis(1)); // a plain thread: blocks, then returns
        Coroutines.yieldNow();
        Continuation c = new Continuation(() -> {
            Coroutines.yieldNow(); // a plain continuation: suspends once
            Coroutines.sleep(Duration.ofMillis(1)); // suspends until a resume finds the time is up
        });
        c.resume();
        assertFalse(c.isDone(), "yieldNow suspended the plain continuation");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.isDone() && System.nanoTime() < deadline) {
            c.resume();
            Thread.onSpinWait();
        }
        assertTrue(c.isDone());
    }

    /**
     * The task decides its outcome before its run state becomes DONE, and a promise asked for in between
     * is settled from that outcome by the asking thread: isDone() must already say so. It read the run
     * state, and a fresh clone's verify saw an awaited failure with isDone() false.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void whoeverSeesTheTasksPromiseSettledSeesTheTaskDone(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            IllegalStateException failure = new IllegalStateException("planned");
            for (int round = 0; round < 2_000; round++) {
                AtomicBoolean ending = new AtomicBoolean();
                Task<Integer> t = s.spawn(() -> {
                    ending.set(true);
                    throw failure; // a failure nobody asked about yet: the task registers it before DONE
                });
                while (!ending.get()) {
                    Thread.onSpinWait();
                }
                Promise<Integer> p = t.promise(); // first asked now, likely while the task ends
                while (!p.isDone()) {
                    Thread.onSpinWait();
                }
                assertTrue(t.isDone(), "round " + round);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTaskFailureFailsItsPromiseWithTheSameException(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            IllegalArgumentException failure = new IllegalArgumentException("bad");
            Task<Object> t = s.spawn(() -> {
                Coroutines.yieldNow();
                throw failure;
            });
            Exception e = assertThrows(Exception.class, () -> Async.await(t.promise()));
            assertSame(failure, e);
            assertTrue(t.isDone());
            assertFalse(t.cancel(), "a finished task cannot be cancelled");
            assertInstanceOf(IllegalArgumentException.class, t.promise().exceptionNow());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPromiseAskedForAfterTheTaskEndedHoldsItsOutcome(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            IllegalStateException failure = new IllegalStateException("late");
            Task<String> value = s.spawn(() -> "early");
            Task<String> none = s.spawn(() -> null);
            Task<String> thrown = s.spawn(() -> {
                throw failure;
            });
            Promise<Void> never = Promise.create();
            Task<String> cancelled = s.spawn(() -> {
                Async.await(never);
                return "not reached";
            });
            cancelled.cancel();
            for (Task<?> t : List.of(value, none, thrown, cancelled)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!t.isDone()) {
                    assertTrue(System.nanoTime() < deadline, t + " did not end");
                    Thread.sleep(1);
                }
            }
            assertEquals("early", Async.await(value.promise()));
            assertEquals(null, Async.await(none.promise()));
            assertSame(failure, thrown.promise().exceptionNow());
            assertInstanceOf(CancellationException.class, cancelled.promise().exceptionNow());
            assertSame(value.promise(), value.promise(), "one promise per task");
        }
    }

    /** Asking for a task's promise races with the task's end; either order settles it with the value. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPromiseAskedForWhileTheTaskEndsSettles(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            int n = 20_000;
            List<Task<Integer>> tasks = new ArrayList<>(n);
            List<Promise<Integer>> promises = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(s.spawn(() -> k));
                if (i % 2 == 1) { // every other task: ask while it may be ending, from this thread
                    promises.add(tasks.get(i - 1).promise());
                    promises.add(tasks.get(i).promise());
                }
            }
            for (int i = 0; i < n; i++) {
                Promise<Integer> p = promises.get(i);
                assertEquals(i, (int) p.toCompletableFuture().get(30, TimeUnit.SECONDS), "task " + i);
                assertSame(p, tasks.get(i).promise());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTasksContinuationHandleCannotBeResumedFromOutside(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<String> gate = Promise.create();
            Promise<Continuation> handle = Promise.create();
            AtomicReference<Boolean> sameHandle = new AtomicReference<>();
            Task<String> t = s.spawn(() -> {
                Continuation first = Continuation.current();
                sameHandle.set(first == Continuation.current());
                handle.complete(first);
                return Async.await(gate);
            });
            Continuation c = Async.await(handle);
            assertFalse(c.isDone());
            IllegalStateException e = assertThrows(IllegalStateException.class, c::resume);
            assertTrue(e.getMessage().contains("is resumed by its scheduler"), e.getMessage());
            gate.complete("opened");
            assertEquals("opened", Async.await(t.promise()));
            assertTrue(c.isDone());
            assertTrue(sameHandle.get(), "one handle per task");
        }
    }
}
