package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resume hook, with a plain ThreadLocal standing in for a logging MDC: the task's value is on the
 * thread during each of its runs, and the thread's own value is back after each.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class ResumeHookTest {
    /** The stand-in for an MDC: what a logging library would keep per thread. */
    private static final ThreadLocal<String> MDC = new ThreadLocal<>();
    private static final TaskLocal<String> TRACE_ID = new TaskLocal<>(null);

    /** Installs the task's trace id in the MDC; records what it found on the thread before each run. */
    private static final class MdcHook implements ResumeHook {
        final List<String> foundOnThread = new ArrayList<>();
        final AtomicInteger enters = new AtomicInteger();
        final AtomicInteger exits = new AtomicInteger();

        @Override
        public Object enter(Task<?> task) {
            enters.incrementAndGet();
            String before = MDC.get();
            synchronized (foundOnThread) {
                foundOnThread.add(before);
            }
            MDC.set(TRACE_ID.get(task));
            return before;
        }

        @Override
        public void exit(Task<?> task, Object saved) {
            exits.incrementAndGet();
            MDC.set((String) saved);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theTasksStateIsOnTheThreadAfterEachResumeAndTheThreadsOwnIsRestoredAfterEachRun(Kind kind)
            throws Exception {
        MdcHook hook = new MdcHook();
        try (Scheduler s = kind.create(Scheduler.builder().resumeHook(hook))) {
            int tasks = 6;
            int rounds = 30;
            List<String> wrong = new ArrayList<>();
            List<Task<Object>> all = new ArrayList<>();
            List<Promise<Void>> wakeUps = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                String id = "trace-" + i;
                Promise<Void> wakeUp = Promise.create();
                wakeUps.add(wakeUp);
                all.add(TRACE_ID.with(id, () -> s.spawn(() -> {
                    check(id, wrong);
                    Async.await(wakeUp); // resumed after a wake-up from the test thread
                    check(id, wrong);
                    for (int r = 0; r < rounds; r++) {
                        Coroutines.yieldNow(); // interleaves with the other tasks on the same threads
                        check(id, wrong);
                    }
                    return null;
                })));
            }
            Task<Object> unbound = s.spawn(() -> {
                Coroutines.yieldNow();
                check(null, wrong);
                return null;
            });
            for (Promise<Void> w : wakeUps) {
                w.complete(null);
            }
            for (Task<Object> t : all) {
                t.await();
            }
            unbound.await();
            synchronized (wrong) {
                assertEquals(List.of(), wrong);
            }
            // a first run, a resume after each yield, and maybe one after the wake-up (if it came after the await)
            assertTrue(hook.enters.get() >= tasks * (rounds + 1), "enter ran on every resume: " + hook.enters.get());
        }
        assertEquals(hook.enters.get(), hook.exits.get(), "every enter has its exit");
        synchronized (hook.foundOnThread) {
            for (String before : hook.foundOnThread) {
                assertNull(before, "a run found another task's value left on the thread: " + before);
            }
        }
        assertNull(MDC.get(), "the test thread's own value is untouched");
    }

    private static void check(String expected, List<String> wrong) {
        String actual = MDC.get();
        if (expected == null ? actual != null : !expected.equals(actual)) {
            synchronized (wrong) {
                wrong.add("expected " + expected + ", found " + actual + " on " + Thread.currentThread().getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEnterThatThrowsCancelsThatTaskOnlyAndTheSchedulerGoesOn(Kind kind) throws Exception {
        IllegalStateException hookBug = new IllegalStateException("the hook failed");
        ResumeHook hook = new ResumeHook() {
            @Override
            public Object enter(Task<?> task) {
                if ("poisoned".equals(TRACE_ID.get(task))) {
                    throw hookBug;
                }
                return null;
            }

            @Override
            public void exit(Task<?> task, Object saved) {}
        };
        // the hook's exception also goes to the thread's uncaught-exception handler: expected on stderr
        try (Scheduler s = kind.create(Scheduler.builder().resumeHook(hook))) {
            Promise<Void> wakeUp = Promise.create();
            AtomicInteger finallies = new AtomicInteger();
            Task<String> healthy = s.spawn(() -> {
                Async.await(wakeUp);
                return "healthy";
            });
            Task<String> poisoned = TRACE_ID.with("poisoned", () -> s.spawn(() -> {
                try {
                    Async.await(wakeUp);
                    return "ran its code after a failed enter";
                } finally {
                    finallies.incrementAndGet();
                }
            }));
            wakeUp.complete(null);
            CancellationException e = assertThrows(CancellationException.class, poisoned::await);
            assertSame(hookBug, e.getCause(), e.toString());
            assertTrue(poisoned.isCancelled());
            assertEquals(1, finallies.get(), "the cancelled task's finally ran");
            assertEquals("healthy", healthy.await());
            assertEquals("after", s.spawn(() -> "after").await());
            assertEquals(List.of(), s.coroutines(), "nothing left hanging");
        }
    }
}
