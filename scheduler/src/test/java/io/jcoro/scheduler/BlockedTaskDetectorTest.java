package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocked-loop detector. A task that computes without suspending needs no agent, so these tests
 * run in the scheduler module itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockedTaskDetectorTest {
    @Test
    void aTaskRunningPastTheThresholdIsReportedWithItsThreadAndStack() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        List<BlockedTaskReport> reports = new ArrayList<>();
        try (Scheduler s = Scheduler.builder().name("blocky").blockedThreshold(Duration.ofMillis(50))
                .blockedReporter(r -> {
                    synchronized (reports) {
                        reports.add(r);
                    }
                    reported.countDown();
                }).singleThreaded()) {
            Thread ranOn = s.blockOn(() -> {
                spinUntil(reported);
                return Thread.currentThread();
            });
            assertEquals(0, reported.getCount(), "the detector reported the spinning task");
            BlockedTaskReport r;
            synchronized (reports) {
                assertEquals(1, reports.size(), "one report per uninterrupted run");
                r = reports.get(0);
            }
            assertEquals("blocky", r.scheduler());
            assertTrue(r.task().startsWith("blocky-task-"), r.task());
            assertEquals(ranOn, r.thread());
            assertTrue(r.runningFor().compareTo(Duration.ofMillis(50)) >= 0, r.runningFor().toString());
            assertTrue(r.stack().stream().anyMatch(e -> e.getMethodName().equals("spinUntil")
                    && e.getClassName().equals(BlockedTaskDetectorTest.class.getName())), r.stack().toString());
            assertTrue(r.message().contains(BlockedTaskDetectorTest.class.getName() + ".spinUntil(BlockedTaskDetectorTest.java:"),
                    r.message());
            assertTrue(r.message().contains("blocks scheduler blocky"), r.message());
            assertEquals(1, s.stats().blockedReports());
        }
    }

    @Test
    void theDefaultReporterLogsAWarningThroughSystemLogger() throws Exception {
        Logger julLogger = Logger.getLogger(BlockedTaskReporter.LOGGER_NAME); // System.Logger's default backend
        CountDownLatch logged = new CountDownLatch(1);
        AtomicReference<LogRecord> record = new AtomicReference<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("without suspending")) {
                    record.compareAndSet(null, r);
                    logged.countDown();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        julLogger.addHandler(capture);
        boolean parentHandlers = julLogger.getUseParentHandlers();
        julLogger.setUseParentHandlers(false); // keep the build log clean
        try (Scheduler s = Scheduler.builder().name("logged").blockedThreshold(Duration.ofMillis(50)).parallel(1)) {
            s.blockOn(() -> {
                spinUntil(logged);
                return null;
            });
        } finally {
            julLogger.removeHandler(capture);
            julLogger.setUseParentHandlers(parentHandlers);
        }
        LogRecord r = record.get();
        assertNotNull(r, "a warning was logged");
        assertEquals(Level.WARNING, r.getLevel());
        assertEquals(BlockedTaskReporter.LOGGER_NAME, r.getLoggerName());
        assertTrue(r.getMessage().contains("logged-worker-1"), r.getMessage());
        assertTrue(r.getMessage().contains(BlockedTaskDetectorTest.class.getName() + ".spinUntil"), r.getMessage());
    }

    @Test
    void aZeroThresholdTurnsTheDetectorOff() throws Exception {
        try (Scheduler s = Scheduler.builder().name("unwatched").blockedThreshold(Duration.ZERO).singleThreaded()) {
            assertEquals(1, (int) s.blockOn(() -> 1));
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("unwatched-watchdog")));
        }
        try (Scheduler s = Scheduler.builder().name("watched").blockedThreshold(Duration.ofSeconds(5)).singleThreaded()) {
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("watched-watchdog")));
        }
    }

    /** Computes without suspending until the detector has spoken (at most 30 s, so a failure cannot hang). */
    static void spinUntil(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
