package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.SuspensionError;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task's failure that nobody observed is reported: when the task has become unreachable, or at the
 * latest when its scheduler closes, unless someone asked for the task's promise before. Observed
 * failures and cancellations are never reported.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class UnobservedFailureTest {
    private static final AtomicInteger SCHEDULERS = new AtomicInteger();
    private static final long WAIT_SECONDS = 30;

    /** The case: a task spawned and forgotten fails; by default the failure is logged, with its stack trace. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aForgottenTasksFailureIsLoggedWithItsNameAndStackTrace(Kind kind) throws Exception {
        String name = uniqueName(kind);
        Logger jul = Logger.getLogger(UnobservedFailureHandler.LOGGER_NAME); // held: JUL keeps loggers weakly
        LogRecords records = new LogRecords(name);
        jul.addHandler(records);
        try {
            IllegalStateException failure = new IllegalStateException("nobody is listening");
            Scheduler s = kind.create(Scheduler.builder().name(name));
            Task<Object> forgotten = s.spawn(() -> {
                Coroutines.yieldNow();
                throw failure;
            });
            awaitEnded(forgotten); // close() would cancel it if it had not
            s.close(); // at the latest here, the failure nobody asked about is reported
            List<LogRecord> seen = records.snapshot();
            assertEquals(1, seen.size(), "one log record for the forgotten task, not " + seen.size());
            LogRecord r = seen.get(0);
            assertEquals(Level.SEVERE, r.getLevel());
            assertSame(failure, r.getThrown(), "logged with the failure, so with its stack trace");
            String taskName = ((CoroutineTask<?>) forgotten).name();
            assertTrue(r.getMessage().contains("task " + taskName + " failed"), r.getMessage());
        } finally {
            jul.removeHandler(records);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHandlerGivenToTheBuilderReplacesTheLogger(Kind kind) throws Exception {
        String name = uniqueName(kind);
        Logger jul = Logger.getLogger(UnobservedFailureHandler.LOGGER_NAME);
        LogRecords records = new LogRecords(name);
        jul.addHandler(records);
        try {
            Recorder recorder = new Recorder();
            IOException failure = new IOException("checked, and forgotten");
            Scheduler s = kind.create(Scheduler.builder().name(name).unobservedFailureHandler(recorder));
            Task<Object> forgotten = s.spawn(() -> {
                throw failure;
            });
            awaitEnded(forgotten);
            s.close();
            assertEquals(List.of(((CoroutineTask<?>) forgotten).name() + ": " + failure), recorder.reports());
            assertSame(failure, recorder.failures().get(0));
            assertEquals(List.of(), records.snapshot(), "the default logger was replaced");
        } finally {
            jul.removeHandler(records);
        }
    }

    /** Without close: the failure is reported once the task object is unreachable (the GC finds it). */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aForgottenTasksFailureIsReportedOnceTheTaskIsUnreachable(Kind kind) throws Exception {
        Recorder recorder = new Recorder();
        try (Scheduler s = kind.create(Scheduler.builder().name(uniqueName(kind)).unobservedFailureHandler(recorder))) {
            IllegalArgumentException failure = new IllegalArgumentException("dropped on the floor");
            Promise<String> taskName = Promise.create();
            // an earlier live timer keeps the forgotten task's cancelled timeout below the top of the
            // event loop's timer heap, where it stays until its deadline: it must not hold the task
            Task<Object> sleeper = s.spawn(() -> {
                Coroutines.sleep(Duration.ofMinutes(30));
                return null;
            });
            spawnAndForget(s, failure, taskName);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (recorder.reports().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("the failure of a task nobody holds was not reported within " + WAIT_SECONDS + " s of GCs");
                }
                System.gc();
                recorder.awaitReport(100);
            }
            assertEquals(List.of(Async.await(taskName) + ": " + failure), recorder.reports());
            assertTrue(sleeper.cancel());
        }
        assertEquals(1, recorder.reports().size(), "close() did not report it again");
    }

    /** Spawns a task that fails after a withTimeout (whose cancelled timer may outlive it) and keeps no reference to it. */
    private static void spawnAndForget(Scheduler s, RuntimeException failure, Promise<String> taskName) {
        s.spawn(() -> {
            taskName.complete(CoroutineTask.current().name());
            Coroutines.withTimeout(Duration.ofHours(1), () -> {
                Coroutines.yieldNow();
                return null;
            });
            throw failure;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSuspensionErrorIsReportedLikeAnyOtherFailure(Kind kind) throws Exception {
        Recorder recorder = new Recorder();
        Scheduler s = kind.create(Scheduler.builder().name(uniqueName(kind)).unobservedFailureHandler(recorder));
        Task<Object> t = s.spawn(() -> {
            Runnable notSuspendable = () -> Coroutines.yieldNow(); // Runnable.run cannot carry a suspension
            notSuspendable.run();
            return null;
        });
        awaitEnded(t);
        s.close();
        assertEquals(1, recorder.failures().size(), recorder.reports().toString());
        assertInstanceOf(SuspensionError.class, recorder.failures().get(0));
    }

    /**
     * Every way of observing a failure, on both sides of the task's end, and cancellations: none is
     * reported, neither at once nor when the scheduler closes.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void observedFailuresAndCancellationsAreNeverReported(Kind kind) throws Exception {
        Recorder recorder = new Recorder();
        Scheduler s = kind.create(Scheduler.builder().name(uniqueName(kind)).unobservedFailureHandler(recorder));
        List<Task<?>> held = new ArrayList<>(); // no task becomes unreachable before close()
        IllegalStateException failure = new IllegalStateException("observed");

        // awaited, asked for right after spawning: a quick failure may end the task first
        for (int i = 0; i < 200; i++) {
            Task<Object> t = s.spawn(() -> {
                throw failure;
            });
            held.add(t);
            assertSame(failure, assertThrows(IllegalStateException.class, () -> Async.await(t.promise())));
        }
        // blockOn
        for (int i = 0; i < 200; i++) {
            assertSame(failure, assertThrows(IllegalStateException.class, () -> s.blockOn(() -> {
                throw failure;
            })));
        }
        // awaited inside a coroutine, the idiom Async.await(Coroutines.spawn(body).promise())
        int caught = s.blockOn(() -> {
            int n = 0;
            for (int i = 0; i < 500; i++) {
                Task<Object> t = Coroutines.spawn(() -> {
                    throw failure;
                });
                held.add(t);
                try {
                    Async.await(t.promise());
                } catch (IllegalStateException expected) {
                    n++;
                }
            }
            return n;
        });
        assertEquals(500, caught);
        // asked for after the task ended, and only looked at through a callback
        Task<Object> late = s.spawn(() -> {
            throw failure;
        });
        held.add(late);
        awaitEnded(late);
        Promise<Throwable> seenByCallback = Promise.create();
        late.promise().whenComplete((v, e) -> seenByCallback.complete(e));
        assertSame(failure, Async.await(seenByCallback));
        // cancelled while awaiting; a body that throws a CancellationException itself
        Promise<Void> awaiting = Promise.create();
        Task<Object> cancelled = s.spawn(() -> {
            awaiting.complete(null);
            return Async.await(Promise.create());
        });
        held.add(cancelled);
        Task<Object> givenUp = s.spawn(() -> {
            throw new CancellationException("given up by the body itself");
        });
        held.add(givenUp);
        Async.await(awaiting);
        assertTrue(cancelled.cancel());
        awaitEnded(cancelled);
        awaitEnded(givenUp);

        s.close(); // reports whatever nobody observed: nothing here
        assertEquals(List.of(), recorder.reports());
        assertEquals(200 + 500 + 3, held.size()); // and the tasks were held, so only close() could have reported them
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHandlerThatThrowsHasItsExceptionPassedOnAndTheOtherReportsStillHappen(Kind kind) throws Exception {
        List<String> handled = new ArrayList<>();
        RuntimeException handlerBug = new RuntimeException("the handler is broken");
        Scheduler s = kind.create(Scheduler.builder().name(uniqueName(kind)).unobservedFailureHandler((task, failure) -> {
            synchronized (handled) {
                handled.add(failure.getMessage());
            }
            throw handlerBug;
        }));
        List<Task<?>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String message = "failure " + i;
            held.add(s.spawn(() -> {
                throw new IllegalStateException(message);
            }));
        }
        held.forEach(UnobservedFailureTest::awaitEnded);
        Thread closer = Thread.currentThread();
        Thread.UncaughtExceptionHandler before = closer.getUncaughtExceptionHandler();
        List<Throwable> passedOn = new ArrayList<>();
        closer.setUncaughtExceptionHandler((t, e) -> passedOn.add(e));
        try {
            s.close();
        } finally {
            closer.setUncaughtExceptionHandler(before);
        }
        synchronized (handled) {
            handled.sort(null);
            assertEquals(List.of("failure 0", "failure 1", "failure 2"), handled);
        }
        assertEquals(List.of(handlerBug, handlerBug, handlerBug), passedOn);
        assertEquals(3, held.size());
    }

    /**
     * Waits until {@code t} has ended, without asking for its promise (which would observe its
     * failure); bounded. Once isDone(), a failure nobody asked about is tracked.
     */
    private static void awaitEnded(Task<?> t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!t.isDone()) {
            if (System.nanoTime() > deadline) {
                fail(t + " did not end within " + WAIT_SECONDS + " s");
            }
            Thread.yield();
        }
    }

    private static String uniqueName(Kind kind) {
        return "unobserved-" + kind.name().toLowerCase() + "-" + SCHEDULERS.incrementAndGet();
    }

    /** Collects reports as "task: failure". */
    private static final class Recorder implements UnobservedFailureHandler {
        private final List<String> reports = new ArrayList<>();
        private final List<Throwable> failures = new ArrayList<>();

        @Override
        public synchronized void unobserved(String task, Throwable failure) {
            reports.add(task + ": " + failure);
            failures.add(failure);
            notifyAll();
        }

        synchronized List<String> reports() {
            return List.copyOf(reports);
        }

        synchronized List<Throwable> failures() {
            return List.copyOf(failures);
        }

        synchronized void awaitReport(long millis) throws InterruptedException {
            if (reports.isEmpty()) {
                wait(millis);
            }
        }
    }

    /** The records of the scheduler logger that name one scheduler (other tests' schedulers log too). */
    private static final class LogRecords extends Handler {
        private final String scheduler;
        private final List<LogRecord> records = new ArrayList<>();

        LogRecords(String scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains(scheduler + "-task-")) {
                records.add(record);
            }
        }

        synchronized List<LogRecord> snapshot() {
            return List.copyOf(records);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
