package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Mutex: exclusion across suspensions, FIFO hand-off, owner checks, cancellation, plain threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class MutexTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void noUpdateIsLostWhenTasksSuspendInsideTheLock(Kind kind) throws Exception {
        int tasks = 16;
        int rounds = 25;
        Mutex m = new Mutex();
        int[] counter = {0}; // plain: the mutex orders every access
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> done = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int id = t;
                done.add(s.spawn(() -> {
                    for (int r = 0; r < rounds; r++) {
                        try (Mutex.Guard g = m.lock()) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            int read = counter[0];
                            if ((id + r) % 2 == 0) {
                                Coroutines.yieldNow();
                            } else {
                                // resumed from another thread
                                Async.await(Promise.from(CompletableFuture.supplyAsync(() -> null)));
                            }
                            counter[0] = read + 1;
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }).promise());
            }
            Async.await(Promise.all(done));
        }
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(tasks * rounds, counter[0], "lost updates");
        assertFalse(m.isLocked());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void waitersGetTheLockInArrivalOrder(Kind kind) throws Exception {
        Mutex m = new Mutex();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try (Scheduler s = kind.create()) {
            assertTrue(m.tryLock(), "the test thread holds it while the waiters queue");
            List<Promise<Object>> done = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                done.add(s.spawn(() -> m.withLock(() -> {
                    order.add(id);
                    Coroutines.yieldNow(); // a later lock() meanwhile must still queue behind
                    return null;
                })).promise());
                Waits.untilQueued(m::queueLength, i + 1);
            }
            m.unlock();
            Async.await(Promise.all(done));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), order);
        assertFalse(m.isLocked());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unlockHandsTheLockToTheWaiterSoTryLockCannotBarge(Kind kind) throws Exception {
        Mutex m = new Mutex();
        try (Scheduler s = kind.create()) {
            Promise<Void> release = Promise.create();
            assertTrue(m.tryLock());
            Task<Boolean> waiter = s.spawn(() -> {
                try (Mutex.Guard g = m.lock()) {
                    Async.await(release);
                    return m.isHeldByCurrent();
                }
            });
            Waits.untilQueued(m::queueLength, 1);
            m.unlock();
            // handed over at unlock, before the waiter even resumed
            assertTrue(m.isLocked());
            assertFalse(m.tryLock(), "tryLock barged past the waiter the lock was handed to");
            release.complete(null);
            assertTrue(Async.await(waiter.promise()));
            assertFalse(m.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void lockingAgainFromTheOwnerTaskThrowsNamingIt(Kind kind) throws Exception {
        Mutex m = new Mutex();
        try (Scheduler s = kind.create("relock")) {
            String message = s.blockOn(() -> {
                try (Mutex.Guard g = m.lock()) {
                    IllegalStateException again = assertThrows(IllegalStateException.class, m::lock);
                    IllegalStateException tryAgain = assertThrows(IllegalStateException.class, m::tryLock);
                    assertEquals(again.getMessage(), tryAgain.getMessage());
                    assertTrue(m.isHeldByCurrent(), "the failed re-lock left the lock held");
                    return again.getMessage();
                }
            });
            assertTrue(message.contains("not reentrant"), message);
            assertTrue(message.contains("coroutine Task[relock-task-"), message);
            assertFalse(m.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unlockByANonOwnerThrowsNamingTheOwner(Kind kind) throws Exception {
        Mutex m = new Mutex();
        try (Scheduler s = kind.create("owner")) {
            IllegalStateException notLocked = assertThrows(IllegalStateException.class, m::unlock);
            assertTrue(notLocked.getMessage().contains("not locked"), notLocked.getMessage());
            Promise<Void> locked = Promise.create();
            Promise<Void> release = Promise.create();
            Task<Object> holder = s.spawn(() -> {
                try (Mutex.Guard g = m.lock()) {
                    locked.complete(null);
                    Async.await(release);
                }
                return null;
            });
            Async.await(locked);
            IllegalStateException byThread = assertThrows(IllegalStateException.class, m::unlock);
            assertTrue(byThread.getMessage().contains("thread \"" + Thread.currentThread().getName() + "\""),
                    byThread.getMessage());
            assertTrue(byThread.getMessage().contains("held by coroutine Task[owner-task-"), byThread.getMessage());
            IllegalStateException byTask = assertThrows(IllegalStateException.class,
                    () -> s.blockOn(() -> {
                        m.unlock();
                        return null;
                    }));
            assertTrue(byTask.getMessage().contains("only the owner may unlock it"), byTask.getMessage());
            assertTrue(m.isLocked(), "a refused unlock left the lock held");
            release.complete(null);
            Async.await(holder.promise());
            assertFalse(m.isLocked());
        }
    }

    /** Many lockers under short time limits: whatever times out when, the lock never leaks. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void timeoutsRacingHandOffsNeverLeakTheLock(Kind kind) throws Exception {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                done.add(s.spawn(() -> {
                    for (int r = 0; r < 40; r++) {
                        Mutex.Guard g;
                        try {
                            g = Coroutines.withTimeout(java.time.Duration.ofNanos(20_000L * ((id * 7 + r) % 5)),
                                    () -> m.lock());
                        } catch (io.jcoro.scheduler.TimeoutException timedOut) {
                            continue;
                        }
                        try (g) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            Coroutines.yieldNow();
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }).promise());
            }
            Async.await(Promise.all(done));
        }
        assertEquals(0, overlaps.get(), "two holders at once");
        assertFalse(m.isLocked());
        assertEquals(0, m.queueLength());
    }

    @Test
    void aGuardClosesOnce() throws Exception {
        Mutex m = new Mutex();
        Mutex.Guard g = m.lock();
        g.close();
        IllegalStateException twice = assertThrows(IllegalStateException.class, g::close);
        assertTrue(twice.getMessage().contains("already closed"), twice.getMessage());
        Mutex.Guard again = m.lock();
        assertThrows(IllegalStateException.class, g::close, "a stale guard must not unlock a later hold");
        assertTrue(m.isHeldByCurrent());
        again.close();
        assertFalse(m.isLocked());
    }

    @Test
    void aGuardWhoseHoldEndedByUnlockIsStale() throws Exception {
        Mutex m = new Mutex();
        Mutex.Guard first = m.lock();
        m.unlock();
        Mutex.Guard second = m.lock();
        IllegalStateException stale = assertThrows(IllegalStateException.class, first::close);
        assertTrue(stale.getMessage().contains("stale"), stale.getMessage());
        assertTrue(m.isHeldByCurrent(), "a stale guard unlocked a later hold");
        second.close();
        assertFalse(m.isLocked());
    }

    @Test
    void plainThreadsBlockAndAreNamedAsOwners() throws Exception {
        Mutex m = new Mutex();
        Mutex.Guard g = m.lock();
        IllegalStateException again = assertThrows(IllegalStateException.class, m::lock);
        assertTrue(again.getMessage().contains("thread \"" + Thread.currentThread().getName() + "\""),
                again.getMessage());
        AtomicBoolean otherHeldIt = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try (Mutex.Guard og = m.lock()) { // blocks until the test thread unlocks
                otherHeldIt.set(m.isHeldByCurrent());
            }
        }, "other-plain-thread");
        other.start();
        Waits.untilQueued(m::queueLength, 1);
        assertFalse(otherHeldIt.get());
        g.close();
        other.join();
        assertTrue(otherHeldIt.get());
        assertFalse(m.isLocked());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aQueuedWaiterThatIsCancelledLeavesTheQueue(Kind kind) throws Exception {
        Mutex m = new Mutex();
        try (Scheduler s = kind.create()) {
            assertTrue(m.tryLock());
            AtomicBoolean acquired = new AtomicBoolean();
            Task<Object> waiter = s.spawn(() -> {
                try (Mutex.Guard g = m.lock()) {
                    acquired.set(true);
                }
                return null;
            });
            Waits.untilQueued(m::queueLength, 1);
            assertTrue(waiter.cancel());
            assertThrows(CancellationException.class, () -> Async.await(waiter.promise()));
            assertFalse(acquired.get());
            assertEquals(0, m.queueLength());
            m.unlock();
            assertFalse(m.isLocked(), "the lock was handed to the cancelled waiter");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterThatTimesOutLeavesTheQueue(Kind kind) throws Exception {
        Mutex m = new Mutex();
        try (Scheduler s = kind.create()) {
            assertTrue(m.tryLock());
            Task<String> waiter = s.spawn(() -> {
                try {
                    Coroutines.withTimeout(java.time.Duration.ofMillis(20), () -> m.lock());
                    return "locked";
                } catch (io.jcoro.scheduler.TimeoutException e) {
                    return "timed out";
                }
            });
            assertEquals("timed out", Async.await(waiter.promise()));
            assertEquals(0, m.queueLength());
            m.unlock();
            assertFalse(m.isLocked());
        }
    }

    /**
     * The owner unlocks on one thread while another cancels the first waiter: whichever wins, the
     * lock is never leaked, and the second waiter always gets it.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterCancelledAtTheHandOffPassesTheLockOn(Kind kind) throws Exception {
        Mutex m = new Mutex();
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try (Scheduler s = kind.create()) {
            for (int i = 0; i < 300; i++) {
                assertTrue(m.tryLock());
                AtomicBoolean firstGotIt = new AtomicBoolean();
                Task<Object> first = s.spawn(() -> {
                    try (Mutex.Guard g = m.lock()) {
                        firstGotIt.set(true);
                    }
                    return null;
                });
                Waits.untilQueued(m::queueLength, 1);
                Task<Boolean> second = s.spawn(() -> {
                    try (Mutex.Guard g = m.lock()) {
                        return m.isHeldByCurrent();
                    }
                });
                Waits.untilQueued(m::queueLength, 2);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> cancelled = canceller.submit(() -> {
                    go.await();
                    return first.cancel();
                });
                go.countDown();
                m.unlock();
                cancelled.get();
                Throwable firstOutcome = Async.await(Promise.allSettled(first.promise())).get(0).error();
                if (firstOutcome == null) {
                    assertTrue(firstGotIt.get());
                }
                assertTrue(Async.await(second.promise()), "the second waiter never got the lock");
                assertFalse(m.isLocked(), "iteration " + i + ": the lock leaked");
                assertEquals(0, m.queueLength());
            }
        } finally {
            canceller.shutdownNow();
        }
    }
}
