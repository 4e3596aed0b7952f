package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code Scheduler.close()} does to tasks waiting on a primitive (it cancels every unfinished
 * task): close returns; every waiter ends by its own {@link CancellationException} (counted in its
 * catch, so a task the close abandoned after its timeout would be missing from the count); the
 * primitive is left consistent and usable by a plain thread: the lock is free, every permit is back,
 * nobody is queued, a channel's buffered elements are all there in order. Holders and waiters release
 * what they hold in {@code finally}, as a task should; at close a holder's release hands the lock or
 * permits to a waiter that is being cancelled at the same time, which must pass them on.
 *
 * <p>Also, a channel's own {@code close()} while many tasks and plain threads wait on it, beyond the
 * single waiters of {@code ChannelTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class CloseDuringWaitsTest {
    private static final int WAITERS = 50;

    /** A waiter's body: waits on the primitive, and holds what it got until it is cancelled. */
    @FunctionalInterface
    interface Waiting {
        @Suspendable
        void run(int index) throws Exception;
    }

    /** Tasks of one scheduler, each counting the CancellationException that ended it. */
    private static final class Waiters {
        final AtomicInteger cancelled = new AtomicInteger();
        final List<Promise<Void>> promises = new ArrayList<>();

        void spawn(Scheduler s, int n, Waiting body) {
            for (int i = 0; i < n; i++) {
                int index = i;
                promises.add(s.<Void>spawn(() -> {
                    try {
                        body.run(index);
                    } catch (CancellationException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                    throw new AssertionError("task " + index + " ended without being cancelled");
                }).promise());
            }
        }

        /** After the close: every task ended by its own CancellationException. */
        void assertAllCancelled() {
            for (Promise<Void> p : promises) {
                assertTrue(p.isDone(), "close() returned before a task ended");
                assertTrue(p.exceptionNow() instanceof CancellationException, () -> "a task ended with " + p.exceptionNow());
            }
            assertEquals(promises.size(), cancelled.get(), "tasks that saw their CancellationException");
        }
    }

    /** Never completes: a holder awaits it until the close cancels it. */
    private static final Promise<Void> NEVER = Promise.create();

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerCancelsMutexWaitersAndLeavesTheLockFree(Kind kind) throws Exception {
        Mutex m = new Mutex();
        Waiters w = new Waiters();
        Scheduler s = kind.create();
        try {
            // one of them gets the lock and holds it; the others queue behind it
            w.spawn(s, WAITERS + 1, i -> {
                try (Mutex.Guard g = m.lock()) {
                    Async.await(NEVER);
                }
            });
            Waits.untilQueued(m::queueLength, WAITERS);
        } finally {
            s.close();
        }
        w.assertAllCancelled();
        assertFalse(m.isLocked(), m.toString());
        assertEquals(0, m.queueLength());
        assertTrue(m.tryLock(), "a plain thread can take the lock after the close");
        m.unlock();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerCancelsSemaphoreWaitersAndReturnsEveryPermit(Kind kind) throws Exception {
        int permits = 3;
        Semaphore sem = new Semaphore(permits);
        Waiters holders = new Waiters();
        Waiters waiters = new Waiters();
        Waiting holdUntilCancelled = i -> {
            int n = 1 + i % 2;
            sem.acquire(n);
            try {
                Async.await(NEVER);
            } finally {
                sem.release(n);
            }
        };
        Scheduler s = kind.create();
        try {
            holders.spawn(s, 2, holdUntilCancelled); // 1 + 2 permits: all of them
            ChannelTest.until(() -> sem.availablePermits() == 0 && sem.queueLength() == 0);
            waiters.spawn(s, WAITERS, holdUntilCancelled);
            Waits.untilQueued(sem::queueLength, WAITERS);
        } finally {
            s.close();
        }
        holders.assertAllCancelled();
        waiters.assertAllCancelled();
        assertEquals(permits, sem.availablePermits(), sem.toString());
        assertEquals(0, sem.queueLength());
        assertTrue(sem.tryAcquire(permits), "a plain thread can take every permit after the close");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerCancelsNotifyWaitersAndStoresNoPermit(Kind kind) throws Exception {
        Notify notify = new Notify();
        Waiters w = new Waiters();
        Scheduler s = kind.create();
        try {
            w.spawn(s, WAITERS, i -> {
                notify.notified();
                Async.await(NEVER); // only a stray notification would get here
            });
            Waits.untilQueued(notify::queueLength, WAITERS);
        } finally {
            s.close();
        }
        w.assertAllCancelled();
        assertEquals(0, notify.queueLength());
        assertFalse(notify.hasPermit(), "a cancellation is not a notification");
        notify.notifyOne();
        notify.notified(); // a plain thread: returns at once on the stored permit
        assertFalse(notify.hasPermit());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerCancelsChannelWaitersAndKeepsTheBufferedElements(Kind kind) throws Exception {
        Channel<Integer> full = Channel.bounded(4);
        Channel<Integer> empty = Channel.rendezvous();
        for (int i = 0; i < 4; i++) {
            full.send(i);
        }
        Waiters senders = new Waiters();
        Waiters receivers = new Waiters();
        Waiters selects = new Waiters();
        Scheduler s = kind.create();
        try {
            senders.spawn(s, WAITERS, i -> full.send(100 + i));
            receivers.spawn(s, WAITERS, i -> {
                if (i % 2 == 0) {
                    empty.receive();
                } else {
                    empty.receiveOrNull();
                }
            });
            selects.spawn(s, WAITERS, i -> Select.<Void>builder()
                    .onSend(full, 1_000 + i, () -> null)
                    .onReceive(empty, v -> null)
                    .select());
            ChannelTest.until(() -> full.waitingSenders() == 2 * WAITERS && empty.waitingReceivers() == 2 * WAITERS);
        } finally {
            s.close();
        }
        senders.assertAllCancelled();
        receivers.assertAllCancelled();
        selects.assertAllCancelled();
        assertEquals(0, full.waitingSenders());
        assertEquals(0, empty.waitingReceivers());
        assertFalse(full.isClosed());
        for (int i = 0; i < 4; i++) {
            assertEquals((Integer) i, full.tryReceive(), "the buffered elements, in order");
        }
        assertNull(full.tryReceive(), "no withdrawn send left its element");
        assertFalse(empty.trySend(7), "no receiver is left waiting");
        assertTrue(full.trySend(8), "the channel is usable after the close");
    }

    /**
     * A channel's {@code close()} while many tasks, selects and plain threads wait on it: every waiting
     * send fails (its element was not sent), every waiting receive sees the end, the buffered elements
     * stay receivable, and the scheduler's tasks all end normally.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingAChannelEndsEveryWaiterTasksSelectsAndPlainThreads(Kind kind) throws Exception {
        Channel<Integer> full = Channel.bounded(2);
        full.send(-1);
        full.send(-2);
        Channel<Integer> empty = Channel.unbounded();
        AtomicInteger sendsFailed = new AtomicInteger();
        AtomicInteger endsSeen = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                int v = i;
                tasks.add(s.spawn(() -> {
                    try {
                        full.send(v);
                    } catch (ChannelClosedException e) {
                        sendsFailed.incrementAndGet();
                    }
                    return null;
                }).promise());
                tasks.add(s.spawn(() -> {
                    if (v % 2 == 0) {
                        try {
                            empty.receive();
                            throw new AssertionError("received from a closed, empty channel");
                        } catch (ChannelClosedException e) {
                            endsSeen.incrementAndGet();
                        }
                    } else if (empty.receiveOrNull() == null) {
                        endsSeen.incrementAndGet();
                    }
                    return null;
                }).promise());
                tasks.add(s.spawn(() -> {
                    // a closed receive clause is ready first (added first), with null for its end
                    Object r = Select.builder()
                            .onReceiveOrNull(empty, e -> "end")
                            .onSend(full, 1_000 + v, () -> "sent")
                            .select();
                    assertEquals("end", r);
                    endsSeen.incrementAndGet();
                    return null;
                }).promise());
            }
            CompletableFuture<Void> plainSender = ChannelTest.onPlainThread(() -> {
                try {
                    full.send(99);
                } catch (ChannelClosedException e) {
                    sendsFailed.incrementAndGet();
                }
            });
            CompletableFuture<Void> plainReceiver = ChannelTest.onPlainThread(() -> {
                assertNull(empty.receiveOrNull());
                endsSeen.incrementAndGet();
            });
            ChannelTest.until(() -> full.waitingSenders() == 2 * WAITERS + 1 && empty.waitingReceivers() == 2 * WAITERS + 1);
            assertTrue(empty.close());
            // the selects woke by the end of `empty` and withdrew their send on `full`
            ChannelTest.until(() -> full.waitingSenders() == WAITERS + 1);
            assertTrue(full.close());
            Async.await(Promise.all(tasks));
            plainSender.get(30, TimeUnit.SECONDS);
            plainReceiver.get(30, TimeUnit.SECONDS);
        }
        assertEquals(WAITERS + 1, sendsFailed.get(), "waiting sends that failed");
        assertEquals(2 * WAITERS + 1, endsSeen.get(), "waiting receives that saw the end");
        assertEquals((Integer) (-1), full.tryReceive());
        assertEquals((Integer) (-2), full.tryReceive());
        assertThrows(ChannelClosedException.class, full::tryReceive, "no failed send left its element");
    }
}
