package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One stress test per primitive, at a size the existing behaviour tests do not reach: a thousand
 * tasks on each side of a channel, a thousand tasks taking a mutex or semaphore with suspensions
 * inside, a hundred consumers woken through a Notify. Each checks exact conservation at the end
 * (every element received once, no lost increment, never more holders than permits, every item
 * consumed); none asserts anything about time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SyncStressTest {
    /**
     * 1,000 producer tasks and 1,000 consumer tasks pass 1,000,000 distinct elements through a
     * bounded channel. Every element is received exactly once (a per-element count, plus the sum),
     * and each consumer sees each producer's elements in the order they were sent (the channel is
     * FIFO and a producer's sends complete one after the other).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aThousandProducersAndConsumersPassAMillionElementsThroughABoundedChannel(Kind kind) throws Exception {
        int producers = 1_000;
        int consumers = 1_000;
        int perProducer = 1_000;
        int total = producers * perProducer;
        Channel<Integer> ch = Channel.bounded(64);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        LongAdder sum = new LongAdder();
        AtomicInteger outOfOrder = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Void>> sent = spawnEach(s, producers, p -> {
                for (int i = 0; i < perProducer; i++) {
                ch.send(p * perProducer + i);
                }
            });
            List<Promise<Void>> received = spawnEach(s, consumers, c -> {
                int[] last = new int[producers]; // this consumer's last index seen per producer, plus one
                ch.forEach(v -> {
                    seen.incrementAndGet(v);
                    sum.add(v);
                    int producer = v / perProducer;
                    int index = v % perProducer;
                    if (index < last[producer]) {
                        outOfOrder.incrementAndGet();
                    }
                    last[producer] = index + 1;
                });
            });
            Async.await(Promise.all(sent));
            ch.close();
            Async.await(Promise.all(received));
        }
        assertEquals((long) total * (total - 1) / 2, sum.sum(), "sum of the received elements");
        for (int v = 0; v < total; v++) {
            if (seen.get(v) != 1) {
                assertEquals(1, seen.get(v), "times element " + v + " was received");
            }
        }
        assertEquals(0, outOfOrder.get(), "a consumer saw a producer's elements out of order");
        assertEquals(null, ch.receiveOrNull(), "closed and drained");
    }

    /** The body of one of several tasks, given its index. */
    @FunctionalInterface
    interface Body {
        @Suspendable
        void run(int index) throws Exception;
    }

    /** Spawns tasks 0 to {@code n - 1}, each running {@code body} with its index; their promises. */
    private static List<Promise<Void>> spawnEach(Scheduler s, int n, Body body) {
        List<Promise<Void>> promises = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.add(s.spawn(() -> {
                body.run(index);
                return (Void) null;
            }).promise());
        }
        return promises;
    }

    /**
     * Suspends the task while it holds a lock or permits: one time in ten it resumes from another
     * thread (a pool's completion), else it yields to the other tasks.
     */
    @Suspendable
    private static void suspendHolding(int k) {
        if (k % 10 == 0) {
            Async.await(Promise.from(CompletableFuture.supplyAsync(() -> null)));
        } else {
            Coroutines.yieldNow();
        }
    }

    /**
     * 1,000 tasks each increment a plain counter 50 times under a mutex, suspending between the read
     * and the write (a yield, or a resumption from another thread), some taking the lock with
     * {@code tryLock} when it happens to be free: no increment is lost and never are two inside.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aThousandTasksIncrementACounterAcrossSuspensionsUnderAMutex(Kind kind) throws Exception {
        int tasks = 1_000;
        int rounds = 50;
        Mutex m = new Mutex();
        int[] counter = {0}; // plain: the mutex orders every access
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger tried = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Void>> done = spawnEach(s, tasks, id -> {
                for (int r = 0; r < rounds; r++) {
                    boolean viaTry = (id + r) % 7 == 0 && m.tryLock();
                    if (viaTry) {
                        tried.incrementAndGet();
                    } else {
                        m.lock();
                    }
                    try {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        int read = counter[0];
                        suspendHolding(id + r);
                        counter[0] = read + 1;
                        inside.decrementAndGet();
                    } finally {
                        m.unlock();
                    }
                }
            });
            Async.await(Promise.all(done));
        }
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(tasks * rounds, counter[0], "lost increments");
        assertFalse(m.isLocked());
        assertEquals(0, m.queueLength());
    }

    /**
     * 1,000 tasks take 1 or 2 of 3 permits 20 times each and suspend while holding them: the permits
     * held never exceed 3, every acquire completes, and all 3 are free at the end.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aThousandTasksNeverHoldMoreThanThePermitsAndAllAcquire(Kind kind) throws Exception {
        int tasks = 1_000;
        int rounds = 20;
        int permits = 3;
        Semaphore sem = new Semaphore(permits);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            List<Promise<Void>> done = spawnEach(s, tasks, id -> {
                for (int r = 0; r < rounds; r++) {
                    int n = 1 + (id + r) % 2;
                    sem.acquire(n);
                    acquired.incrementAndGet();
                    int now = held.addAndGet(n);
                    maxHeld.accumulateAndGet(now, Math::max);
                    suspendHolding(id + r);
                    held.addAndGet(-n);
                    sem.release(n);
                }
            });
            Async.await(Promise.all(done));
        }
        assertTrue(maxHeld.get() <= permits, "held " + maxHeld.get() + " permits of " + permits + " at once");
        assertEquals(tasks * rounds, acquired.get(), "acquires that completed");
        assertEquals(permits, sem.availablePermits(), "free at the end");
        assertEquals(0, sem.queueLength());
    }

    /**
     * 100 consumer tasks take items from a queue and wait on a Notify whenever they find it empty; 4
     * producer tasks and the test thread add 50,000 items, each followed by {@code notifyOne}, with a
     * {@code notifyWaiters} now and then. Every item is consumed exactly once and no consumer is left
     * waiting: each {@code notifyOne} either wakes a waiter or stores the permit the next
     * {@code notified()} consumes, so an item is never stranded while every consumer sleeps. At the
     * end, consumers leave one after another, each passing a {@code notifyOne} on to the next.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHundredConsumersWokenThroughANotifyMissNoItem(Kind kind) throws Exception {
        int consumers = 100;
        int producers = 4;
        int perProducer = 10_000;
        int total = (producers + 1) * perProducer; // + the test thread
        ConcurrentLinkedQueue<Integer> items = new ConcurrentLinkedQueue<>();
        Notify notify = new Notify();
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger consumed = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        try (Scheduler s = kind.create()) {
            List<Promise<Void>> consumerTasks = spawnEach(s, consumers, c -> {
                while (true) {
                    Integer v = items.poll();
                    if (v != null) {
                        seen.incrementAndGet(v);
                        if (consumed.incrementAndGet() == total) {
                            finished.set(true);
                            notify.notifyOne(); // starts the chain of leaving consumers
                        }
                    } else if (finished.get()) {
                        notify.notifyOne(); // the next waiting consumer leaves too
                        return;
                    } else {
                        notify.notified();
                    }
                }
            });
            List<Promise<Void>> producerTasks = spawnEach(s, producers, p -> {
                for (int i = 0; i < perProducer; i++) {
                    items.add(p * perProducer + i);
                    notify.notifyOne();
                    if (i % 1_000 == 0) {
                        notify.notifyWaiters();
                    }
                    if (i % 64 == 0) {
                        Coroutines.yieldNow();
                    }
                }
            });
            int plainBase = producers * perProducer;
            for (int i = 0; i < perProducer; i++) {
                items.add(plainBase + i);
                notify.notifyOne();
            }
            Async.await(Promise.all(producerTasks));
            Async.await(Promise.all(consumerTasks));
        }
        assertEquals(total, consumed.get());
        for (int v = 0; v < total; v++) {
            if (seen.get(v) != 1) {
                assertEquals(1, seen.get(v), "times item " + v + " was consumed");
            }
        }
        assertEquals(0, notify.queueLength(), "no consumer left waiting");
    }
}
