package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.SuspendableCallable;
import io.jcoro.junit.JcoroExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No lost and no doubled wake-ups: 100,000 coroutines each await three promises that four foreign
 * threads complete (or fail) at random moments, while the tasks are being spawned; some tasks are
 * cancelled at random moments by those threads, some time out, some wait under a timeout that does
 * not run out. Every task must end exactly once, with exactly the value or exception its story
 * dictates, resumed only on its scheduler's threads.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class WakeUpStressTest {
    private static final int TASKS = 100_000;
    private static final int AWAITS = 3;
    private static final int COMPLETERS = 4;
    /** A promise nobody ever completes: what timing-out tasks wait for. */
    private static final Promise<Integer> NEVER = Promise.create();

    private enum Story { NORMAL, CANCELLED, TIMES_OUT, FAILS, WAITS_UNDER_LONG_TIMEOUT, RACES_A_SHORT_TIMEOUT }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyTaskEndsExactlyOnceWithTheRightOutcome(Kind kind) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Story[] stories = new Story[TASKS];
        int[] values = new int[TASKS * AWAITS + TASKS];
        RuntimeException[] failures = new RuntimeException[TASKS];
        // promise i * AWAITS + j is task i's j-th; promise TASKS * AWAITS + i is the one task i races a timeout against
        @SuppressWarnings("unchecked")
        Promise<Integer>[] promises = new Promise[TASKS * AWAITS + TASKS];
        for (int i = 0; i < TASKS; i++) {
            int r = random.nextInt(100);
            stories[i] = r < 10 ? Story.CANCELLED : r < 18 ? Story.TIMES_OUT : r < 26 ? Story.FAILS
                    : r < 36 ? Story.WAITS_UNDER_LONG_TIMEOUT : r < 46 ? Story.RACES_A_SHORT_TIMEOUT : Story.NORMAL;
            if (stories[i] == Story.FAILS) {
                failures[i] = new IllegalStateException("failure of task " + i);
            }
        }
        for (int k = 0; k < promises.length; k++) {
            promises[k] = Promise.create();
            values[k] = random.nextInt(1000);
        }

        // the events the foreign threads perform, shuffled and dealt out to them
        List<Integer> events = new ArrayList<>(); // k >= 0: settle promise k; -(i + 1): cancel task i
        for (int k = 0; k < promises.length; k++) {
            if (k < TASKS * AWAITS || stories[k - TASKS * AWAITS] == Story.RACES_A_SHORT_TIMEOUT) {
                events.add(k);
            }
        }
        for (int i = 0; i < TASKS; i++) {
            if (stories[i] == Story.CANCELLED) {
                events.add(-(i + 1));
            }
        }
        Collections.shuffle(events, random);

        AtomicReferenceArray<Task<Integer>> tasks = new AtomicReferenceArray<>(TASKS);
        AtomicIntegerArray cancelResult = new AtomicIntegerArray(TASKS); // 1 = cancel() returned true
        AtomicIntegerArray ends = new AtomicIntegerArray(TASKS);
        AtomicIntegerArray started = new AtomicIntegerArray(TASKS);
        AtomicInteger startedCount = new AtomicInteger();
        AtomicIntegerArray finallies = new AtomicIntegerArray(TASKS);
        AtomicIntegerArray lostTheRace = new AtomicIntegerArray(TASKS); // 1 = its short timeout ran out
        AtomicLong wrongThread = new AtomicLong();
        AtomicLong settledBeforeAwait = new AtomicLong();
        CountDownLatch allEnded = new CountDownLatch(TASKS);

        long startNanos = System.nanoTime();
        try (Scheduler s = kind.create(Scheduler.builder().name("stress-" + kind.name().toLowerCase())
                .closeTimeout(Duration.ofSeconds(30)))) {
            List<Thread> completers = new ArrayList<>();
            for (int c = 0; c < COMPLETERS; c++) {
                List<Integer> mine = events.subList(c * events.size() / COMPLETERS, (c + 1) * events.size() / COMPLETERS);
                Random jitter = new Random(seed + c);
                Thread t = new Thread(() -> {
                    int n = 0;
                    for (int e : mine) {
                        if (e >= 0) {
                            int task = e < TASKS * AWAITS ? e / AWAITS : e - TASKS * AWAITS;
                            if (e < TASKS * AWAITS && stories[task] == Story.FAILS && e % AWAITS == 1) {
                                promises[e].fail(failures[task]);
                            } else {
                                promises[e].complete(values[e]);
                            }
                        } else {
                            int task = -e - 1;
                            Task<Integer> target;
                            while ((target = tasks.get(task)) == null) {
                                Thread.onSpinWait(); // not spawned yet
                            }
                            cancelResult.set(task, target.cancel() ? 1 : 0);
                        }
                        if (++n % 64 == 0) {
                            // keep pace with the tasks, so that most completions find their task running or waiting
                            long target = (long) n * TASKS * 8 / (10L * mine.size());
                            long deadline = System.nanoTime() + 2_000_000;
                            while (startedCount.get() < target && System.nanoTime() < deadline) {
                                LockSupport.parkNanos(jitter.nextInt(20_000));
                            }
                        }
                    }
                }, "completer-" + c);
                completers.add(t);
            }
            completers.forEach(Thread::start);
            for (int i = 0; i < TASKS; i++) {
                int index = i;
                Task<Integer> task = s.spawn(body(s, index, stories[index], promises, started, startedCount, finallies,
                        lostTheRace, wrongThread, settledBeforeAwait));
                task.promise().whenComplete((v, e) -> {
                    ends.incrementAndGet(index);
                    allEnded.countDown();
                });
                tasks.set(i, task);
            }
            for (Thread t : completers) {
                t.join();
            }
            awaitAllEnded(allEnded, seed);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

            int ok = 0, failed = 0, cancelled = 0, timedOut = 0, cancelTooLate = 0, racesLost = 0;
            for (int i = 0; i < TASKS; i++) {
                String where = "task " + i + " (" + stories[i] + ", seed " + seed + ")";
                assertEquals(1, ends.get(i), where + " ended exactly once");
                if (started.get(i) == 1) {
                    assertEquals(1, finallies.get(i), where + " ran its finally block once");
                }
                Promise<Integer> p = tasks.get(i).promise();
                assertTrue(tasks.get(i).isDone(), where);
                boolean cancelWon = stories[i] == Story.CANCELLED && cancelResult.get(i) == 1;
                if (cancelWon) {
                    assertInstanceOf(CancellationException.class, p.exceptionNow(), where);
                    cancelled++;
                    continue;
                }
                switch (stories[i]) {
                    case TIMES_OUT:
                        assertInstanceOf(TimeoutException.class, p.exceptionNow(), where);
                        timedOut++;
                        break;
                    case FAILS:
                        assertSame(failures[i], p.exceptionNow(), where);
                        failed++;
                        break;
                    case CANCELLED:
                        cancelTooLate++;
                        // fall through: cancel() came after the end, so the task ended normally
                    default:
                        int expected = 0;
                        for (int j = 0; j < AWAITS; j++) {
                            expected += values[i * AWAITS + j];
                        }
                        if (stories[i] == Story.RACES_A_SHORT_TIMEOUT) {
                            // the body saw its short timeout run out, or got the raced promise's value
                            racesLost += lostTheRace.get(i);
                            expected += lostTheRace.get(i) == 1 ? 0 : values[TASKS * AWAITS + i];
                        }
                        assertEquals(expected, p.resultNow(), where);
                        ok++;
                }
            }
            SchedulerStats stats = s.stats();
            System.out.printf("[wake-up stress] %s: %d tasks in %d ms: %d values, %d failures, %d cancelled, "
                            + "%d timed out, %d cancel() calls too late (value kept), %d short timeouts ran out and the "
                            + "task went on; awaits settled before the await %d of %d; %d resumes, %d spurious resumes, "
                            + "%d double runs, %d resumes off the scheduler%n",
                    kind, TASKS, millis, ok, failed, cancelled, timedOut, cancelTooLate, racesLost, settledBeforeAwait.get(),
                    (long) TASKS * AWAITS, stats.resumes(), stats.spuriousResumes(), stats.doubleRuns(), wrongThread.get());
            assertEquals(TASKS, ok + failed + cancelled + timedOut);
            assertEquals(TASKS, stats.spawned());
            assertEquals(TASKS, stats.finished());
            assertEquals(0, stats.spuriousResumes(), "every resume found its promise settled or a stop requested");
            assertEquals(0, stats.doubleRuns(), "no task was handed to a thread twice");
            assertEquals(0, wrongThread.get(), "every await resumed on the task's own scheduler");
            assertTrue(cancelled > 0 && timedOut > 0 && failed > 0 && racesLost > 0, "every story happened");
        }
    }

    /** Waits while tasks keep ending; fails when none ended for 20 s (a lost wake-up leaves its task hanging). */
    private static void awaitAllEnded(CountDownLatch allEnded, long seed) throws InterruptedException {
        long last = allEnded.getCount();
        long stalledSince = System.nanoTime();
        while (!allEnded.await(1, TimeUnit.SECONDS)) {
            long now = allEnded.getCount();
            if (now != last) {
                last = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(20)) {
                fail(now + " tasks never ended: lost wake-ups (seed " + seed + ")");
            }
        }
    }

    private static SuspendableCallable<Integer> body(Scheduler s, int i, Story story, Promise<Integer>[] promises,
                                                     AtomicIntegerArray started, AtomicInteger startedCount,
                                                     AtomicIntegerArray finallies,
                                                     AtomicIntegerArray lostTheRace, AtomicLong wrongThread,
                                                     AtomicLong settledBeforeAwait) {
        return () -> {
            started.set(i, 1);
            startedCount.incrementAndGet();
            try {
                int sum = 0;
                if (story == Story.RACES_A_SHORT_TIMEOUT) {
                    // the raced promise may settle after the timeout, while the task awaits its next promise:
                    // that late wake-up must not resume the task
                    Promise<Integer> raced = promises[TASKS * AWAITS + i];
                    try {
                        sum += Coroutines.withTimeout(Duration.ofNanos(i % 1000 * 1000L), () -> Async.await(raced));
                    } catch (TimeoutException e) {
                        lostTheRace.set(i, 1);
                    }
                }
                for (int j = 0; j < AWAITS; j++) {
                    Promise<Integer> p = promises[i * AWAITS + j];
                    if (p.isDone()) {
                        settledBeforeAwait.incrementAndGet();
                    }
                    if (story == Story.WAITS_UNDER_LONG_TIMEOUT) {
                        sum += Coroutines.withTimeout(Duration.ofMinutes(5), () -> Async.await(p));
                    } else {
                        sum += Async.await(p);
                    }
                    if (!Kind.runsTasks(s, Thread.currentThread())) {
                        wrongThread.incrementAndGet();
                    }
                    if (j == 0 && i % 7 == 0) {
                        Coroutines.yieldNow();
                    }
                }
                if (story == Story.TIMES_OUT) {
                    Coroutines.withTimeout(Duration.ofMillis(1 + i % 5), () -> Async.await(NEVER));
                }
                if (i % 50 == 0) {
                    Coroutines.sleep(Duration.ofMillis(i % 3));
                }
                return sum;
            } finally {
                finallies.incrementAndGet(i);
            }
        };
    }
}
