package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.sync.Channel;
import io.jcoro.scheduler.sync.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test scheduler: virtual time (sleep, withTimeout, interval, a select's timeout), the driving
 * calls, seeded interleavings and their traces, exploration and replay. No timing assertion anywhere:
 * every time checked is the virtual clock's, which the timers determine exactly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class TestSchedulerTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    @Test
    void anHourOfSleepPassesOnTheVirtualClockAlone() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            long slept = s.blockOn(() -> {
                long before = Coroutines.nanoTime();
                Coroutines.sleep(Duration.ofHours(1));
                return Coroutines.nanoTime() - before;
            });
            assertEquals(HOUR, slept);
            assertEquals(Duration.ofHours(1), s.now());
        }
    }

    /**
     * A virtual day: 2,000 sleepers with staggered deadlines, 1,000 timeouts that expire and 1,000 that
     * do not, an interval ticking every minute and a select timing out every hour. Each wakes at exactly
     * the virtual time its timer implies, and the day ends at exactly 24 h.
     */
    @Test
    void aVirtualDayOfThousandsOfTimersEndsAtExactlyTheTimeTheyImply() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            List<String> wrong = new ArrayList<>();
            AtomicInteger expired = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            s.blockOn(() -> Coroutines.scope(() -> {
                for (int i = 1; i <= 2000; i++) {
                    long d = i * (DAY / 2000); // the last one wakes at exactly 24 h
                    int n = i;
                    Coroutines.spawn(() -> {
                        Coroutines.sleep(Duration.ofNanos(d));
                        if (Coroutines.nanoTime() != d) {
                            wrong.add("sleeper " + n + " woke at " + Coroutines.nanoTime());
                        }
                        return null;
                    });
                }
                for (int i = 1; i <= 1000; i++) {
                    long limit = i * 60_000_000_000L; // i minutes
                    int n = i;
                    Coroutines.spawn(() -> { // times out at exactly i minutes
                        try {
                            Coroutines.withTimeout(Duration.ofNanos(limit), () -> {
                                Coroutines.sleep(Duration.ofNanos(limit + 1));
                                return null;
                            });
                            wrong.add("timeout " + n + " did not expire");
                        } catch (TimeoutException e) {
                            expired.incrementAndGet();
                            if (Coroutines.nanoTime() != limit) {
                                wrong.add("timeout " + n + " expired at " + Coroutines.nanoTime());
                            }
                        }
                        return null;
                    });
                    Coroutines.spawn(() -> { // finishes in time, one nanosecond before its limit
                        Coroutines.withTimeout(Duration.ofNanos(limit), () -> {
                            Coroutines.sleep(Duration.ofNanos(limit - 1));
                            return null;
                        });
                        if (Coroutines.nanoTime() != limit - 1) {
                            wrong.add("timed body " + n + " ended at " + Coroutines.nanoTime());
                        }
                        finished.incrementAndGet();
                        return null;
                    });
                }
                Coroutines.spawn(() -> {
                    Interval minute = Coroutines.interval(Duration.ofMinutes(1));
                    for (int k = 0; k <= 24 * 60; k++) {
                        long due = minute.tick();
                        if (due != k * 60_000_000_000L || Coroutines.nanoTime() != due) {
                            wrong.add("tick " + k + " due " + due + " at " + Coroutines.nanoTime());
                        }
                    }
                    return null;
                });
                Coroutines.spawn(() -> {
                    Channel<String> never = Channel.rendezvous();
                    for (int h = 1; h <= 24; h++) {
                        String r = Select.<String>builder().onReceive(never, v -> v)
                                .onTimeout(Duration.ofHours(1), () -> "idle").select();
                        if (!r.equals("idle") || Coroutines.nanoTime() != h * HOUR) {
                            wrong.add("select " + h + ": " + r + " at " + Coroutines.nanoTime());
                        }
                    }
                    return null;
                });
                return null;
            }));
            assertEquals(List.of(), wrong);
            assertEquals(1000, expired.get());
            assertEquals(1000, finished.get());
            assertEquals(Duration.ofDays(1), s.now());
        }
    }

    @Test
    void advanceByRunsWhatIsDueUpToThenAndNoFurther() {
        try (TestScheduler s = TestScheduler.create()) {
            List<String> log = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                s.spawn(() -> {
                    Coroutines.sleep(Duration.ofSeconds(n));
                    log.add(n + "s at " + Coroutines.nanoTime() / 1_000_000_000L);
                    return null;
                });
            }
            assertEquals(List.of(), log, "nothing runs before the test drives the scheduler");
            s.runCurrent();
            assertEquals(Duration.ZERO, s.now());
            s.advanceBy(Duration.ofMillis(1999));
            assertEquals(List.of("1s at 1"), log);
            assertEquals(Duration.ofMillis(1999), s.now());
            s.advanceBy(Duration.ofMillis(1));
            assertEquals(List.of("1s at 1", "2s at 2"), log, "a timer due at the horizon fires");
            s.advanceUntilIdle();
            assertEquals(List.of("1s at 1", "2s at 2", "3s at 3"), log);
            assertEquals(Duration.ofSeconds(3), s.now());
        }
    }

    @Test
    void aTaskCannotDriveItsOwnScheduler() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            IllegalStateException e = s.blockOn(() -> assertThrows(IllegalStateException.class,
                    () -> s.advanceBy(Duration.ofSeconds(1))));
            assertTrue(e.getMessage().contains("drive its own scheduler"), e.getMessage());
        }
    }

    /**
     * While a task waits in a blocking call, the clock follows real time instead of jumping: the other
     * task's hour-long sleep ends after the call returned (which takes far less than a real hour), and
     * then at exactly one hour, the clock jumping there once nothing waits on the outside.
     */
    @Test
    void aBlockingCallMakesTheClockWaitForItInsteadOfJumping() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            List<String> order = new ArrayList<>();
            long[] returnedAt = new long[1];
            s.blockOn(() -> Coroutines.scope(() -> {
                Coroutines.spawn(() -> {
                    int v = Coroutines.blocking(() -> 6 * 7);
                    returnedAt[0] = Coroutines.nanoTime();
                    order.add("blocking call returned " + v);
                    return null;
                });
                Coroutines.spawn(() -> {
                    Coroutines.sleep(Duration.ofHours(1));
                    order.add("slept until " + Coroutines.nanoTime());
                    return null;
                });
                return null;
            }));
            assertEquals(List.of("blocking call returned 42", "slept until " + HOUR), order);
            assertTrue(returnedAt[0] >= 0 && returnedAt[0] < HOUR, "the clock followed the call: " + returnedAt[0]);
        }
    }

    /**
     * A timeout around a blocking call that does not return fires when its real duration has passed, at
     * exactly its deadline on the virtual clock, and the call is interrupted.
     */
    @Test
    void aTimeoutAroundAHungBlockingCallFiresAfterItsRealDuration() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            long at = s.blockOn(() -> {
                try {
                    Coroutines.withTimeout(Duration.ofMillis(50), () -> Coroutines.blocking(() -> {
                        never.await();
                        return null;
                    }));
                    return -1L;
                } catch (TimeoutException e) {
                    return Coroutines.nanoTime();
                }
            });
            assertEquals(TimeUnit.MILLISECONDS.toNanos(50), at);
        }
    }

    /**
     * A socket's wait makes the clock follow real time too: a read that nothing answers times out when
     * its real duration has passed, at exactly its deadline on the virtual clock.
     */
    @Test
    void aTimeoutAroundASocketReadThatNothingAnswersFiresAfterItsRealDuration() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             TestScheduler s = TestScheduler.create()) {
            long at = s.blockOn(() -> {
                try (io.jcoro.scheduler.net.AsyncSocket socket = io.jcoro.scheduler.net.AsyncSocket.connect(
                        new java.net.InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()))) {
                    Coroutines.withTimeout(Duration.ofMillis(50), () -> socket.read(java.nio.ByteBuffer.allocate(16)));
                    return -1L;
                } catch (TimeoutException e) {
                    return Coroutines.nanoTime();
                }
            });
            assertEquals(TimeUnit.MILLISECONDS.toNanos(50), at);
        }
    }

    /** A promise completed on another thread wakes its task when no timer is pending (blockOn waits for it). */
    @Test
    void blockOnWaitsForRealForAWakeUpFromAnotherThread() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            Promise<String> p = Promise.create();
            Thread other = new Thread(() -> p.complete("from outside"));
            String r = s.blockOn(() -> {
                other.start();
                return Async.await(p);
            });
            other.join();
            assertEquals("from outside", r);
            assertEquals(Duration.ZERO, s.now());
        }
    }

    @Test
    void closeCancelsAndRunsTheUnfinishedTasksToTheirEnd() {
        List<String> log = new ArrayList<>();
        TestScheduler s = TestScheduler.create();
        Task<Object> t = s.spawn(() -> {
            try {
                Coroutines.sleep(Duration.ofDays(365));
            } catch (CancellationException e) {
                log.add("cancelled");
                throw e;
            }
            return null;
        });
        s.runCurrent();
        s.close();
        assertEquals(List.of("cancelled"), log);
        assertTrue(t.isCancelled());
        assertEquals(Duration.ZERO, s.now());
    }

    // ---------------------------------------------------------------- seeds and traces

    /** Twenty tasks that each yield ten times: 220 runs with a choice at almost every one. */
    private static List<Long> traceOfManyRunnableTasks(TestScheduler s) throws Exception {
        s.blockOn(() -> Coroutines.scope(() -> {
            for (int i = 0; i < 20; i++) {
                Coroutines.spawn(() -> {
                    for (int k = 0; k < 10; k++) {
                        Coroutines.yieldNow();
                    }
                    return null;
                });
            }
            return null;
        }));
        return s.trace();
    }

    @Test
    void theSameSeedGivesTheSameTraceAndDifferentSeedsDifferentOnes() throws Exception {
        for (ScheduleStrategy strategy : List.of(ScheduleStrategy.randomWalk(), ScheduleStrategy.pct(3, 220))) {
            Set<List<Long>> traces = new HashSet<>();
            for (long seed = 1; seed <= 20; seed++) {
                List<Long> first;
                try (TestScheduler s = TestScheduler.seeded(seed, strategy)) {
                    first = traceOfManyRunnableTasks(s);
                }
                try (TestScheduler s = TestScheduler.seeded(seed, strategy)) {
                    assertEquals(first, traceOfManyRunnableTasks(s), strategy + ", seed " + seed);
                }
                assertEquals(1 + 20 * 11 + 1, first.size(), "each task runs 11 times, the root twice");
                traces.add(first);
            }
            assertEquals(20, traces.size(), strategy + ": twenty seeds, twenty interleavings");
        }
    }

    @Test
    void fifoRunsTasksInTheOrderTheyBecameRunnable() throws Exception {
        try (TestScheduler s = TestScheduler.create()) {
            List<Long> trace = traceOfManyRunnableTasks(s);
            assertEquals(List.of(1L, 2L, 3L, 4L), trace.subList(0, 4));
            for (int round = 0; round < 11; round++) { // round-robin: 2..21, 2..21, ...
                for (int k = 0; k < 20; k++) {
                    assertEquals(2L + k, trace.get(1 + round * 20 + k));
                }
            }
        }
    }

    /**
     * A failing child cancels its siblings in spawn order, so the same seed replays what follows a
     * failure too (a scope that kept its children in a hash set cancelled them in identity-hash order).
     */
    @Test
    void aFailingChildCancelsItsSiblingsInTheSameOrderUnderTheSameSeed() throws Exception {
        List<List<Long>> traces = new ArrayList<>();
        List<List<Integer>> cancellations = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (TestScheduler s = TestScheduler.seeded(7, ScheduleStrategy.randomWalk())) {
                List<Integer> cancelled = new ArrayList<>();
                assertThrows(IllegalStateException.class, () -> s.blockOn(() -> Coroutines.scope(() -> {
                    for (int i = 0; i < 12; i++) {
                        int n = i;
                        Coroutines.spawn(() -> {
                            try {
                                Coroutines.sleep(Duration.ofSeconds(1));
                            } catch (CancellationException e) {
                                cancelled.add(n);
                                throw e;
                            }
                            return null;
                        });
                    }
                    Coroutines.spawn(() -> {
                        Coroutines.yieldNow();
                        throw new IllegalStateException("fails");
                    });
                    return null;
                })));
                assertTrue(cancelled.size() > 1, "children cancelled in their sleep: " + cancelled);
                traces.add(s.trace());
                cancellations.add(cancelled);
            }
        }
        assertEquals(traces.get(0), traces.get(1));
        assertEquals(cancellations.get(0), cancellations.get(1));
    }

    /** Tasks woken at the same instant (timers due together) run in an order the seed decides, the same each time. */
    @Test
    void theSeedOrdersTasksWokenAtTheSameInstant() throws Exception {
        Set<List<Integer>> orders = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            List<Integer> once = null;
            for (int again = 0; again < 2; again++) {
                try (TestScheduler s = TestScheduler.seeded(seed, ScheduleStrategy.pct(1))) {
                    List<Integer> woke = new ArrayList<>();
                    s.blockOn(() -> Coroutines.scope(() -> {
                        for (int i = 0; i < 8; i++) {
                            int n = i;
                            Coroutines.spawn(() -> {
                                Coroutines.sleep(Duration.ofSeconds(1));
                                woke.add(n);
                                return null;
                            });
                        }
                        return null;
                    }));
                    if (once == null) {
                        once = woke;
                    } else {
                        assertEquals(once, woke, "seed " + seed);
                    }
                }
            }
            orders.add(once);
        }
        assertTrue(orders.size() > 1, "ten seeds, one order: " + orders);
    }

    // ---------------------------------------------------------------- exploration

    /**
     * Two increments that read, yield, and write, the second after two yields of its own: in FIFO order
     * the first has written before the second reads, and the lost update needs the second's read to come
     * between the first's read and write.
     */
    @Suspendable
    private static void lostUpdate() {
        int[] counter = {0};
        Coroutines.scope(() -> {
            for (int i = 0; i < 2; i++) {
                int head = 2 * i;
                Coroutines.spawn(() -> {
                    for (int k = 0; k < head; k++) {
                        Coroutines.yieldNow();
                    }
                    int read = counter[0];
                    Coroutines.yieldNow();
                    counter[0] = read + 1;
                    return null;
                });
            }
            return null;
        });
        assertEquals(2, counter[0], "lost update");
    }

    @Test
    void exploreFindsALostUpdateAndNamesTheSeedThatReplaysIt() throws Exception {
        AssertionError e = assertThrows(AssertionError.class, () -> TestScheduler.explore(100, TestSchedulerTest::lostUpdate));
        String message = e.getMessage();
        assertTrue(message.contains("TestScheduler.replay("), message);
        assertInstanceOf(AssertionError.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("lost update"), e.getCause().getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("under seed (\\d+) and (ScheduleStrategy\\.\\w+\\(.*?\\)):").matcher(message);
        assertTrue(m.find(), message);
        long seed = Long.parseLong(m.group(1));
        ScheduleStrategy strategy = ScheduleStrategy.parse(m.group(2).replaceFirst("ScheduleStrategy\\.", "")
                .replace("randomWalk()", "random"));
        for (int i = 0; i < 10; i++) {
            AssertionError again = assertThrows(AssertionError.class,
                    () -> TestScheduler.replay(seed, strategy, TestSchedulerTest::lostUpdate));
            assertEquals(e.getCause().getMessage(), again.getMessage());
        }
    }

    @Test
    void exploreUnderFifoRunsThePlainOrderOnlyAndPasses() {
        TestScheduler.explore(20, ScheduleStrategy.fifo(), TestSchedulerTest::lostUpdate);
    }

    @Test
    void anUnobservedFailureOfASpawnedTaskFailsTheRun() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestScheduler.explore(1, () -> {
            Coroutines.spawn(() -> {
                throw new IllegalStateException("nobody looks at me");
            });
            Coroutines.sleep(Duration.ofSeconds(1)); // the task runs (and fails) before the clock moves
        }));
        assertInstanceOf(AssertionError.class, e.getCause());
        assertInstanceOf(IllegalStateException.class, e.getCause().getCause());
    }

    @Test
    void strategiesPrintAsCodeAndParseBack() {
        for (ScheduleStrategy s : List.of(ScheduleStrategy.fifo(), ScheduleStrategy.randomWalk(), ScheduleStrategy.pct(3),
                ScheduleStrategy.pct(2, 57))) {
            assertEquals(s, ScheduleStrategy.parse(s.shortForm()));
        }
        assertEquals("ScheduleStrategy.pct(2, 57)", ScheduleStrategy.pct(2, 57).toString());
        assertFalse(ScheduleStrategy.fifo().isSeeded());
        assertThrows(IllegalArgumentException.class, () -> ScheduleStrategy.parse("lifo"));
        assertNotEquals(ScheduleStrategy.pct(3), ScheduleStrategy.pct(3, 10));
        assertSame(ScheduleStrategy.fifo(), ScheduleStrategy.parse(" FIFO "));
    }
}
