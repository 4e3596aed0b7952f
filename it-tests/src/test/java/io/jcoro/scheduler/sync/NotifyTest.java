package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Notify: the stored permit, FIFO notifyOne, notifyWaiters reaching only current waiters, cancellation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class NotifyTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void notifyOneWithNobodyWaitingStoresOnePermit(Kind kind) throws Exception {
        Notify n = new Notify();
        try (Scheduler s = kind.create()) {
            n.notifyOne();
            n.notifyOne(); // at most one is stored
            assertTrue(n.hasPermit());
            Promise<Void> firstReturned = Promise.create();
            Task<Object> waiter = s.spawn(() -> {
                n.notified(); // the permit: returns at once
                firstReturned.complete(null);
                n.notified(); // no second permit: waits
                return "twice";
            });
            Async.await(firstReturned);
            Waits.untilQueued(n::queueLength, 1);
            assertFalse(n.hasPermit());
            n.notifyOne();
            assertEquals("twice", Async.await(waiter.promise()));
            assertFalse(n.hasPermit(), "the notifyOne went to the waiter, not to the store");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void notifyOneWakesTheLongestWaitingFirst(Kind kind) throws Exception {
        Notify n = new Notify();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try (Scheduler s = kind.create()) {
            List<Task<Object>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                waiters.add(s.spawn(() -> {
                    n.notified();
                    order.add(id);
                    return null;
                }));
                Waits.untilQueued(n::queueLength, i + 1);
            }
            for (int i = 0; i < 3; i++) {
                n.notifyOne();
                Async.await(waiters.get(i).promise());
                assertEquals(2 - i, n.queueLength());
            }
            assertEquals(List.of(0, 1, 2), order);
            assertFalse(n.hasPermit());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void notifyWaitersWakesTheCurrentWaitersOnlyAndStoresNothing(Kind kind) throws Exception {
        Notify n = new Notify();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> current = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                current.add(s.spawn(() -> {
                    n.notified();
                    return null;
                }).promise());
                Waits.untilQueued(n::queueLength, i + 1);
            }
            n.notifyWaiters();
            Async.await(Promise.all(current));
            assertFalse(n.hasPermit());
            Task<Object> late = s.spawn(() -> {
                n.notified();
                return "late";
            });
            Waits.untilQueued(n::queueLength, 1); // it waits: notifyWaiters left no permit
            n.notifyWaiters();
            assertEquals("late", Async.await(late.promise()));
            n.notifyWaiters(); // nobody waits: nothing stored
            assertFalse(n.hasPermit());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledWaiterLeavesTheQueueAndTheNextNotificationIsStored(Kind kind) throws Exception {
        Notify n = new Notify();
        try (Scheduler s = kind.create()) {
            Task<Object> waiter = s.spawn(() -> {
                n.notified();
                return null;
            });
            Waits.untilQueued(n::queueLength, 1);
            assertTrue(waiter.cancel());
            assertThrows(CancellationException.class, () -> Async.await(waiter.promise()));
            assertEquals(0, n.queueLength());
            n.notifyOne();
            assertTrue(n.hasPermit(), "the notification went to the cancelled waiter");
        }
    }

    /**
     * notifyOne on one thread races the cancellation of the first waiter on another: the notification
     * reaches the first waiter, or is passed on to the second; it is never lost.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterCancelledAsItIsNotifiedPassesTheNotificationOn(Kind kind) throws Exception {
        Notify n = new Notify();
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try (Scheduler s = kind.create()) {
            for (int i = 0; i < 300; i++) {
                AtomicBoolean firstGotIt = new AtomicBoolean();
                Task<Object> first = s.spawn(() -> {
                    n.notified();
                    firstGotIt.set(true); // its promise may still fail: cancel() won, after the notification
                    return "notified";
                });
                Waits.untilQueued(n::queueLength, 1);
                Task<Object> second = s.spawn(() -> {
                    n.notified();
                    return "notified";
                });
                Waits.untilQueued(n::queueLength, 2);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> cancelled = canceller.submit(() -> {
                    go.await();
                    return first.cancel();
                });
                go.countDown();
                n.notifyOne();
                cancelled.get();
                Async.await(Promise.allSettled(first.promise()));
                if (firstGotIt.get()) {
                    // the one notification was the first's: the second still waits
                    assertEquals(1, n.queueLength(), "iteration " + i);
                    n.notifyOne();
                }
                Async.await(second.promise());
                assertFalse(n.hasPermit(), "iteration " + i + ": the notification was delivered twice");
                assertEquals(0, n.queueLength());
            }
        } finally {
            canceller.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConsumerThatWaitsWhenItFindsNothingMissesNoItem(Kind kind) throws Exception {
        Notify n = new Notify();
        java.util.concurrent.ConcurrentLinkedQueue<Integer> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int items = 5000;
        try (Scheduler s = kind.create()) {
            Task<Long> consumer = s.spawn(() -> {
                long sum = 0;
                for (int got = 0; got < items; ) {
                    Integer item = queue.poll();
                    if (item == null) {
                        n.notified(); // a notifyOne since the poll left the permit: no lost wake-up
                    } else {
                        sum += item;
                        got++;
                    }
                }
                return sum;
            });
            Thread producer = new Thread(() -> {
                for (int i = 1; i <= items; i++) {
                    queue.add(i);
                    n.notifyOne();
                }
            }, "producer");
            producer.start();
            assertEquals((long) items * (items + 1) / 2, Async.await(consumer.promise()));
            producer.join();
        }
    }

    @Test
    void plainThreadsBlockInNotified() throws Exception {
        Notify n = new Notify();
        n.notifyOne();
        n.notified(); // the stored permit: returns at once
        Thread other = new Thread(n::notified, "other-plain-thread");
        other.start();
        Waits.untilQueued(n::queueLength, 1);
        n.notifyOne();
        other.join();
        assertFalse(n.hasPermit());
    }
}
