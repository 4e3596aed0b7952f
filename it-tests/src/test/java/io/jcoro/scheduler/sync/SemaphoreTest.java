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

/** Semaphore: bounded concurrency, FIFO fairness, cancellation never losing a permit, plain threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SemaphoreTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void atMostPermitsHoldersAtOnce(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                done.add(s.spawn(() -> {
                    for (int r = 0; r < 20; r++) {
                        sem.acquire();
                        try {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Coroutines.yieldNow();
                            inside.decrementAndGet();
                        } finally {
                            sem.release();
                        }
                    }
                    return null;
                }).promise());
            }
            Async.await(Promise.all(done));
        }
        assertTrue(most.get() <= 3, "holders at once: " + most.get());
        assertEquals(3, sem.availablePermits());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBigRequestAtTheHeadHoldsBackLaterSmallOnes(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(0);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (Scheduler s = kind.create()) {
            Task<Object> big = s.spawn(() -> {
                sem.acquire(3);
                order.add("big");
                sem.release(3);
                return null;
            });
            Waits.untilQueued(sem::queueLength, 1);
            Task<Object> small = s.spawn(() -> {
                sem.acquire();
                order.add("small");
                return null;
            });
            Waits.untilQueued(sem::queueLength, 2);
            sem.release(2);
            // two free permits would cover the small request, but the big one is ahead
            assertEquals(2, sem.queueLength());
            assertEquals(2, sem.availablePermits());
            assertFalse(sem.tryAcquire(), "tryAcquire barged past the queue");
            sem.release();
            Async.await(Promise.all(big.promise(), small.promise()));
            assertEquals(List.of("big", "small"), order);
            assertEquals(2, sem.availablePermits(), "3 released, the small task kept one");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingTheBigHeadLetsTheWaitersBehindGo(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(0);
        try (Scheduler s = kind.create()) {
            Task<Object> big = s.spawn(() -> {
                sem.acquire(3);
                return "big";
            });
            Waits.untilQueued(sem::queueLength, 1);
            Task<Object> small = s.spawn(() -> {
                sem.acquire(2);
                return "small";
            });
            Waits.untilQueued(sem::queueLength, 2);
            sem.release(2);
            assertTrue(big.cancel());
            assertThrows(CancellationException.class, () -> Async.await(big.promise()));
            assertEquals("small", Async.await(small.promise()));
            assertEquals(0, sem.availablePermits());
            assertEquals(0, sem.queueLength());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void waitersAreServedInArrivalOrder(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(0);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> done = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                done.add(s.spawn(() -> {
                    sem.acquire();
                    order.add(id);
                    sem.release();
                    return null;
                }).promise());
                Waits.untilQueued(sem::queueLength, i + 1);
            }
            sem.release();
            Async.await(Promise.all(done));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), order);
        assertEquals(1, sem.availablePermits());
    }

    /**
     * A release on one thread races the cancellation of the first waiter on another: whichever wins,
     * the permit ends up with the first waiter or is passed to the second, never lost nor doubled.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterCancelledAtTheGrantPassesThePermitsOn(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(0);
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try (Scheduler s = kind.create()) {
            for (int i = 0; i < 300; i++) {
                AtomicBoolean firstGotIt = new AtomicBoolean();
                Task<Object> first = s.spawn(() -> {
                    sem.acquire(2);
                    firstGotIt.set(true);
                    sem.release(2);
                    return null;
                });
                Waits.untilQueued(sem::queueLength, 1);
                Task<Object> second = s.spawn(() -> {
                    sem.acquire(2);
                    return null;
                });
                Waits.untilQueued(sem::queueLength, 2);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> cancelled = canceller.submit(() -> {
                    go.await();
                    return first.cancel();
                });
                go.countDown();
                sem.release(2);
                cancelled.get();
                if (Async.await(Promise.allSettled(first.promise())).get(0).succeeded()) {
                    assertTrue(firstGotIt.get());
                }
                Async.await(second.promise()); // it got the permits, or this waits for ever
                assertEquals(0, sem.availablePermits(), "iteration " + i + ": the second holds both permits");
                assertEquals(0, sem.queueLength());
            }
        } finally {
            canceller.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterThatTimesOutTakesNothing(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(1);
        try (Scheduler s = kind.create()) {
            String outcome = s.blockOn(() -> {
                try {
                    Coroutines.withTimeout(java.time.Duration.ofMillis(20), () -> {
                        sem.acquire(2);
                        return null;
                    });
                    return "acquired";
                } catch (io.jcoro.scheduler.TimeoutException e) {
                    return "timed out";
                }
            });
            assertEquals("timed out", outcome);
            assertEquals(1, sem.availablePermits());
            assertEquals(0, sem.queueLength());
            assertTrue(sem.tryAcquire());
        }
    }

    /** Many acquirers under short time limits: whatever times out when, no permit leaks. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void timeoutsRacingGrantsNeverLeakAPermit(Kind kind) throws Exception {
        Semaphore sem = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overflows = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                done.add(s.spawn(() -> {
                    for (int r = 0; r < 40; r++) {
                        int want = 1 + (id + r) % 2;
                        try {
                            Coroutines.withTimeout(java.time.Duration.ofNanos(20_000L * ((id * 7 + r) % 5)), () -> {
                                sem.acquire(want);
                                return null;
                            });
                        } catch (io.jcoro.scheduler.TimeoutException timedOut) {
                            continue;
                        }
                        try {
                            if (inside.addAndGet(want) > 2) {
                                overflows.incrementAndGet();
                            }
                            Coroutines.yieldNow();
                            inside.addAndGet(-want);
                        } finally {
                            sem.release(want);
                        }
                    }
                    return null;
                }).promise());
            }
            Async.await(Promise.all(done));
        }
        assertEquals(0, overflows.get(), "more permits held than exist");
        assertEquals(2, sem.availablePermits());
        assertEquals(0, sem.queueLength());
    }

    @Test
    void plainThreadsBlockInAcquire() throws Exception {
        Semaphore sem = new Semaphore(1);
        sem.acquire(); // free: returns at once
        AtomicBoolean otherAcquired = new AtomicBoolean();
        Thread other = new Thread(() -> {
            sem.acquire();
            otherAcquired.set(true);
        }, "other-plain-thread");
        other.start();
        Waits.untilQueued(sem::queueLength, 1);
        assertFalse(otherAcquired.get());
        sem.release();
        other.join();
        assertTrue(otherAcquired.get());
        assertEquals(0, sem.availablePermits());
    }

    @Test
    void badCountsAreRefused() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        Semaphore sem = new Semaphore(1);
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(0));
        assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-2));
        assertThrows(IllegalArgumentException.class, () -> sem.release(0));
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> sem.release(Integer.MAX_VALUE));
        assertTrue(overflow.getMessage().contains("maximum"), overflow.getMessage());
        assertEquals(1, sem.availablePermits());
    }
}
