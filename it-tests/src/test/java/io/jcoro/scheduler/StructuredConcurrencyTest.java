package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coroutines.scope and supervisorScope, Task.join and Task.await. Every scheduler is built with a
 * recording {@link UnobservedFailureHandler}, and each test checks, after close (when every
 * unobserved failure has been reported), exactly what was reported: failures a scope throws are
 * observed and never reported, cancellations never are.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class StructuredConcurrencyTest {
    private static final Promise<Object> NEVER = Promise.create();

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aScopeReturnsOnlyAfterEveryChildHasEnded(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            Promise<Void> bodyReturned = Promise.create();
            Promise<Void> gate = Promise.create();
            List<Task<Integer>> children = new ArrayList<>();
            AtomicInteger ended = new AtomicInteger();
            Task<String> owner = s.spawn(() -> Coroutines.scope(() -> {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    children.add(Coroutines.spawn(() -> {
                        Async.await(gate);
                        Coroutines.yieldNow();
                        ended.incrementAndGet();
                        return n;
                    }));
                }
                bodyReturned.complete(null);
                return "body's value";
            }));
            Async.await(bodyReturned);
            assertFalse(owner.isDone(), "the children wait for the gate, so the scope cannot have returned");
            gate.complete(null);
            assertEquals("body's value", owner.await());
            assertEquals(3, ended.get(), "every child ended before the scope returned");
            for (Task<Integer> child : children) {
                assertTrue(child.isDone());
            }
        }
        assertEquals(List.of(), reports.all());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aChildsFailureCancelsItsSiblingsAndTheBodyAndTheScopeThrowsItWithTheLaterOnesSuppressed(Kind kind)
            throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            IllegalStateException first = new IllegalStateException("first");
            IllegalArgumentException later = new IllegalArgumentException("thrown by the stopped body");
            IllegalStateException cancelledChildThrew = new IllegalStateException("thrown by a cancelled child");
            AtomicReference<Throwable> siblingSaw = new AtomicReference<>();
            AtomicReference<Throwable> bodySaw = new AtomicReference<>();
            Promise<Void> siblingsWaiting = Promise.create();
            AtomicInteger waiting = new AtomicInteger();
            List<Task<?>> children = new ArrayList<>();
            Throwable thrown = assertThrows(IllegalStateException.class, () -> s.blockOn(() -> Coroutines.scope(() -> {
                children.add(Coroutines.spawn(() -> {
                    try {
                        countIn(waiting, 2, siblingsWaiting);
                        return Async.await(NEVER);
                    } catch (CancellationException e) {
                        siblingSaw.set(e);
                        throw e;
                    }
                }));
                children.add(Coroutines.spawn(() -> {
                    try {
                        countIn(waiting, 2, siblingsWaiting);
                        return Async.await(NEVER);
                    } catch (CancellationException e) {
                        throw cancelledChildThrew; // a cancelled task ends cancelled, whatever it throws
                    }
                }));
                children.add(Coroutines.spawn(() -> {
                    Async.await(siblingsWaiting);
                    throw first;
                }));
                try {
                    return Async.await(NEVER);
                } catch (CancellationException e) {
                    bodySaw.set(e);
                    throw later; // a failure of the body after the first one: attached
                }
            })));
            assertSame(first, thrown);
            assertEquals(List.of(later), failuresSuppressedBy(thrown),
                    "the later failure is attached; the cancellations the first one caused are not");
            assertInstanceOf(CancellationException.class, siblingSaw.get());
            assertInstanceOf(CancellationException.class, bodySaw.get(), "the body's await was cancelled");
            for (Task<?> child : children) {
                assertTrue(child.isDone(), child + " ended before the scope threw");
            }
        }
        assertEquals(List.of(), reports.all(), "the scope observed the children's failures");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBodyThatFailsCancelsTheChildrenAndTheScopeThrowsItsFailure(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            UnsupportedOperationException failure = new UnsupportedOperationException("the body failed");
            Promise<Void> childWaits = Promise.create();
            AtomicReference<Task<Object>> child = new AtomicReference<>();
            Throwable thrown = assertThrows(UnsupportedOperationException.class, () -> s.blockOn(() ->
                    Coroutines.scope(() -> {
                        child.set(Coroutines.spawn(() -> {
                            childWaits.complete(null);
                            return Async.await(NEVER);
                        }));
                        Async.await(childWaits);
                        throw failure;
                    })));
            assertSame(failure, thrown);
            assertEquals(List.of(), failuresSuppressedBy(thrown));
            assertTrue(child.get().isDone());
            assertTrue(child.get().isCancelled());
        }
        assertEquals(List.of(), reports.all());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSupervisorScopeKeepsTheSiblingsAndTheBodyAndLeavesEachFailureToItsChild(Kind kind) throws Exception {
        Reports reports = new Reports();
        IllegalStateException observed = new IllegalStateException("awaited by the body");
        IllegalStateException forgotten = new IllegalStateException("nobody awaits this one");
        String forgottenName;
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            Promise<Void> failuresDone = Promise.create();
            AtomicReference<Task<?>> forgottenTask = new AtomicReference<>();
            String result = s.blockOn(() -> Coroutines.supervisorScope(() -> {
                Task<String> sibling = Coroutines.spawn(() -> {
                    Async.await(failuresDone);
                    return "sibling went on";
                });
                Task<Object> failing = Coroutines.spawn(() -> {
                    Coroutines.yieldNow();
                    throw observed;
                });
                Task<Object> unobserved = Coroutines.spawn(() -> {
                    Coroutines.yieldNow();
                    throw forgotten;
                });
                forgottenTask.set(unobserved);
                try {
                    failing.await(); // not through assertThrows: its Executable is no suspendable interface
                    throw new AssertionError("await returned");
                } catch (IllegalStateException e) {
                    assertSame(observed, e);
                }
                unobserved.join(); // joins without observing the failure
                failuresDone.complete(null);
                return "body: " + sibling.await();
            }));
            assertEquals("body: sibling went on", result);
            forgottenName = ((CoroutineTask<?>) forgottenTask.get()).name();
        }
        assertEquals(List.of(forgottenName + ": " + forgotten), reports.all(),
                "the failure nobody observed is reported, once; the awaited one is not");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingATaskCancelsTheChildrenOfItsScopesTransitively(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            Promise<Void> grandchildWaits = Promise.create();
            Promise<Void> detachedGate = Promise.create();
            AtomicReference<Throwable> grandchildSaw = new AtomicReference<>();
            AtomicReference<Task<Object>> child = new AtomicReference<>();
            AtomicReference<Task<Object>> grandchild = new AtomicReference<>();
            AtomicReference<Task<String>> detached = new AtomicReference<>();
            Task<Object> parent = s.spawn(() -> {
                // spawned outside any scope: unrelated to its spawner, as before scopes
                detached.set(Coroutines.spawn(() -> {
                    Async.await(detachedGate);
                    return "the detached task was not cancelled";
                }));
                return Coroutines.scope(() -> {
                    child.set(Coroutines.spawn(() -> Coroutines.scope(() -> {
                        grandchild.set(Coroutines.spawn(() -> {
                            try {
                                grandchildWaits.complete(null);
                                return Async.await(NEVER);
                            } catch (CancellationException e) {
                                grandchildSaw.set(e);
                                throw e;
                            }
                        }));
                        return Async.await(NEVER);
                    })));
                    return Async.await(NEVER);
                });
            });
            Async.await(grandchildWaits);
            assertTrue(parent.cancel());
            assertThrows(CancellationException.class, parent::await);
            assertInstanceOf(CancellationException.class, grandchildSaw.get());
            assertTrue(grandchild.get().isDone(), "the scope waited for the grandchild before it threw");
            assertTrue(child.get().isDone());
            assertTrue(child.get().isCancelled());
            assertTrue(grandchild.get().isCancelled());
            assertFalse(detached.get().isDone());
            detachedGate.complete(null);
            assertEquals("the detached task was not cancelled", detached.get().await());
        }
        assertEquals(List.of(), reports.all());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nestedScopesEachWaitForTheirOwnChildrenAndAFailurePropagatesOutward(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            // success: the inner scope returns while a child of the outer one still waits
            Promise<Void> outerChildGate = Promise.create();
            String value = s.blockOn(() -> Coroutines.scope(() -> {
                Task<String> outerChild = Coroutines.spawn(() -> {
                    Async.await(outerChildGate);
                    return "outer child";
                });
                String inner = Coroutines.scope(() -> {
                    Task<String> innerChild = Coroutines.spawn(() -> "inner child");
                    return innerChild.await();
                });
                assertFalse(outerChild.isDone(), "the inner scope does not wait for the outer scope's children");
                outerChildGate.complete(null);
                return inner + ", " + outerChild.await();
            }));
            assertEquals("inner child, outer child", value);

            // failure: an inner child's failure leaves the inner scope, fails the outer body, cancels the outer child
            IllegalStateException failure = new IllegalStateException("inner child failed");
            Promise<Void> outerChildWaits = Promise.create();
            AtomicReference<Task<Object>> outerChild = new AtomicReference<>();
            Throwable thrown = assertThrows(IllegalStateException.class, () -> s.blockOn(() -> Coroutines.scope(() -> {
                outerChild.set(Coroutines.spawn(() -> {
                    outerChildWaits.complete(null);
                    return Async.await(NEVER);
                }));
                return Coroutines.scope(() -> {
                    Coroutines.spawn(() -> {
                        Async.await(outerChildWaits);
                        throw failure;
                    });
                    return Async.await(NEVER);
                });
            })));
            assertSame(failure, thrown);
            assertEquals(List.of(), failuresSuppressedBy(thrown));
            assertTrue(outerChild.get().isCancelled());
            assertTrue(outerChild.get().isDone());
        }
        assertEquals(List.of(), reports.all());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aScopeInsideWithTimeoutCancelsItsChildrenWhenTheTimeRunsOut(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            AtomicReference<Throwable> childSaw = new AtomicReference<>();
            AtomicReference<Task<Object>> child = new AtomicReference<>();
            AtomicReference<String> childWhenTimedOut = new AtomicReference<>();
            String result = s.blockOn(() -> {
                try {
                    return Coroutines.withTimeout(Duration.ofMillis(20), () -> Coroutines.scope(() -> {
                        child.set(Coroutines.spawn(() -> {
                            try {
                                return Async.await(NEVER);
                            } catch (CancellationException e) {
                                childSaw.set(e);
                                throw e;
                            }
                        }));
                        return "never: " + Async.await(NEVER);
                    }));
                } catch (TimeoutException e) {
                    childWhenTimedOut.set("done " + child.get().isDone() + ", cancelled " + child.get().isCancelled());
                    return "timed out";
                }
            });
            assertEquals("timed out", result);
            assertEquals("done true, cancelled true", childWhenTimedOut.get(), "the scope waited for its cancelled child");
            if (childSaw.get() != null) { // null when the time ran out before the child first ran: it never started
                assertInstanceOf(CancellationException.class, childSaw.get());
            }
        }
        assertEquals(List.of(), reports.all());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void joinWaitsWithoutThrowingOrObservingAndAwaitThrowsTheFailure(Kind kind) throws Exception {
        Reports reports = new Reports();
        IllegalStateException failure = new IllegalStateException("joined, never awaited");
        String joinedName;
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            Promise<Void> gate = Promise.create();
            Task<Object> failing = s.spawn(() -> {
                Async.await(gate);
                throw failure;
            });
            joinedName = ((CoroutineTask<?>) failing).name();
            Task<String> joiner = s.spawn(() -> {
                failing.join();
                return "joined: done=" + failing.isDone();
            });
            gate.complete(null);
            assertEquals("joined: done=true", joiner.await());
            failing.join(); // from a plain thread: blocks until the end, returns at once now

            // await: the value, or the failure as it is
            assertEquals("v", s.spawn(() -> "v").await());
            IllegalArgumentException awaited = new IllegalArgumentException("awaited");
            Task<Object> failsToo = s.spawn(() -> {
                throw awaited;
            });
            assertSame(awaited, assertThrows(IllegalArgumentException.class,
                    () -> s.blockOn(failsToo::await)));

            // join throws only when the caller is cancelled; the joined task goes on
            Promise<Void> joining = Promise.create();
            Promise<Void> longGate = Promise.create();
            Task<String> longRunning = s.spawn(() -> {
                Async.await(longGate);
                return "long";
            });
            Task<Object> caller = s.spawn(() -> {
                joining.complete(null);
                longRunning.join();
                return "not cancelled";
            });
            Async.await(joining);
            caller.cancel();
            assertThrows(CancellationException.class, caller::await);
            assertFalse(longRunning.isDone());
            longGate.complete(null);
            assertEquals("long", longRunning.await());
        }
        assertEquals(List.of(joinedName + ": " + failure), reports.all(),
                "join did not observe the failure: it is reported, once");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theDumpShowsEachChildsParent(Kind kind) throws Exception {
        try (Scheduler s = kind.create("dump-" + kind.name().toLowerCase())) {
            Promise<Void> childWaits = Promise.create();
            Promise<Void> gate = Promise.create();
            Promise<Task<Object>> child = Promise.create();
            Task<Object> owner = s.spawn(() -> Coroutines.scope(() -> {
                child.complete(Coroutines.spawn(() -> {
                    childWaits.complete(null);
                    return Async.await(gate);
                }));
                return null;
            }));
            // both: on a parallel scheduler the child may run, and complete childWaits, before spawn returns
            Async.await(childWaits);
            Async.await(child);
            String ownerName = ((CoroutineTask<?>) owner).name();
            String childName = ((CoroutineTask<?>) child.resultNow()).name();
            CoroutineInfo childInfo = null;
            CoroutineInfo ownerInfo = null;
            for (CoroutineInfo info : s.coroutines()) {
                if (info.name().equals(childName)) {
                    childInfo = info;
                } else if (info.name().equals(ownerName)) {
                    ownerInfo = info;
                }
            }
            assertEquals(ownerName, childInfo.parent());
            assertNull(ownerInfo.parent());
            assertTrue(s.dumpCoroutines().contains("\"" + childName + "\""), s.dumpCoroutines());
            assertTrue(childInfo.describe().contains("child of \"" + ownerName + "\""), childInfo.describe());
            gate.complete(null);
            owner.await();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerEndsAScopeAndItsChildren(Kind kind) throws Exception {
        Reports reports = new Reports();
        Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports));
        Promise<Void> childrenWait = Promise.create();
        AtomicInteger waiting = new AtomicInteger();
        List<Task<Object>> children = new ArrayList<>();
        Task<Object> owner = s.spawn(() -> Coroutines.scope(() -> {
            for (int i = 0; i < 2; i++) {
                children.add(Coroutines.spawn(() -> {
                    countIn(waiting, 2, childrenWait);
                    return Async.await(NEVER);
                }));
            }
            return Async.await(NEVER);
        }));
        Async.await(childrenWait);
        s.close(); // cancels every task, and returns once they have all ended
        assertThrows(CancellationException.class, owner::await);
        for (Task<Object> child : children) {
            assertTrue(child.isCancelled());
            assertTrue(child.isDone());
        }
        assertEquals(List.of(), reports.all());
    }

    /**
     * Children failing while the body still spawns, on every interleaving the schedulers produce: the
     * scope always throws one of the failures, attaches only other failures, returns after every child
     * ended, and nothing is reported as unobserved.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void concurrentFailuresAndSpawnsNeverLoseAChildOrAFailure(Kind kind) throws Exception {
        Reports reports = new Reports();
        try (Scheduler s = kind.create(Scheduler.builder().unobservedFailureHandler(reports))) {
            for (int round = 0; round < 200; round++) {
                List<Task<Object>> children = new ArrayList<>();
                List<IllegalStateException> failures = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    failures.add(new IllegalStateException("child " + i + " of round " + round));
                }
                Throwable thrown = assertThrows(IllegalStateException.class, () -> s.blockOn(() -> Coroutines.scope(() -> {
                    for (int i = 0; i < 6; i++) {
                        IllegalStateException failure = failures.get(i);
                        int yields = i % 3;
                        children.add(Coroutines.spawn(() -> {
                            for (int y = 0; y < yields; y++) {
                                Coroutines.yieldNow();
                            }
                            throw failure;
                        }));
                        if (i % 2 == 1) {
                            Coroutines.yieldNow(); // may throw: a child failed already
                        }
                    }
                    return null;
                })));
                assertTrue(failures.contains(thrown), "thrown: " + thrown);
                for (Throwable other : failuresSuppressedBy(thrown)) {
                    assertTrue(failures.contains(other) && other != thrown, "attached: " + other);
                }
                for (Task<Object> child : children) {
                    assertTrue(child.isDone(), child + " had not ended when the scope threw");
                }
            }
        }
        assertEquals(List.of(), reports.all());
    }

    @Test
    void aScopeNeedsATask() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Coroutines.scope(() -> "x"));
        assertTrue(e.getMessage().contains("blockOn"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Coroutines.supervisorScope(() -> "x"));
    }

    @Test
    void aChildSpawnedAfterTheScopeStartedStoppingIsCancelledAtOnce() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            IllegalStateException failure = new IllegalStateException("first");
            AtomicReference<Task<Object>> late = new AtomicReference<>();
            Throwable thrown = assertThrows(IllegalStateException.class, () -> s.blockOn(() -> Coroutines.scope(() -> {
                Coroutines.spawn(() -> {
                    throw failure;
                });
                try {
                    Async.await(NEVER);
                } catch (CancellationException stopped) {
                    late.set(Coroutines.spawn(() -> "late"));
                }
                return null;
            })));
            assertSame(failure, thrown);
            assertTrue(late.get().isCancelled(), "spawned into a stopping scope");
        }
    }

    /** What {@code t} carries as suppressed, without the async stack traces that blockOn attaches. */
    private static List<Throwable> failuresSuppressedBy(Throwable t) {
        List<Throwable> failures = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) {
            if (!s.getClass().getName().equals("io.jcoro.debug.AsyncStackTrace")) {
                failures.add(s);
            }
        }
        return failures;
    }

    /** Counts one more arrival; the {@code n}-th completes {@code all}. */
    private static void countIn(AtomicInteger count, int n, Promise<Void> all) {
        if (count.incrementAndGet() == n) {
            all.complete(null);
        }
    }

    /** The unobserved failures a scheduler reported, as "task: failure". */
    static final class Reports implements UnobservedFailureHandler {
        private final List<String> reports = new ArrayList<>();

        @Override
        public synchronized void unobserved(String task, Throwable failure) {
            reports.add(task + ": " + failure);
        }

        synchronized List<String> all() {
            return List.copyOf(reports);
        }
    }
}
