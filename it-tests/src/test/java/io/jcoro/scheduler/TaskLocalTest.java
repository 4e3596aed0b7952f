package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TaskLocal: bindings for the duration of a body, across suspensions, nested, inherited at spawn. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class TaskLocalTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBindingLastsForItsBodyAcrossSuspensionsAndNests(Kind kind) throws Exception {
        TaskLocal<String> local = new TaskLocal<>("default");
        try (Scheduler s = kind.create()) {
            Promise<Void> wakeUp = Promise.create();
            List<String> seen = new ArrayList<>();
            Task<String> task = s.spawn(() -> {
                seen.add(local.get());
                String result = local.with("outer", () -> {
                    seen.add(local.get());
                    Async.await(wakeUp); // resumed by another thread, maybe on another scheduler thread
                    seen.add(local.get());
                    String inner = local.with("inner", () -> {
                        Coroutines.yieldNow();
                        return local.get();
                    });
                    seen.add(inner);
                    seen.add(local.get());
                    return "body's value";
                });
                seen.add(local.get());
                return result;
            });
            wakeUp.complete(null);
            assertEquals("body's value", task.await());
            assertEquals(List.of("default", "outer", "outer", "inner", "outer", "default"), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBindingEndsWhenItsBodyThrowsAndTheExceptionPassesAsItIs(Kind kind) throws Exception {
        TaskLocal<String> local = new TaskLocal<>(null);
        try (Scheduler s = kind.create()) {
            IOException checked = new IOException("checked");
            String after = s.blockOn(() -> {
                try {
                    local.with("bound", () -> {
                        Coroutines.yieldNow();
                        throw checked;
                    });
                    return "not thrown";
                } catch (Exception e) {
                    assertSame(checked, e);
                    return "after: " + local.get();
                }
            });
            assertEquals("after: null", after);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSpawnedTaskInheritsASnapshotOfItsSpawnersBindings(Kind kind) throws Exception {
        TaskLocal<String> local = new TaskLocal<>("default");
        TaskLocal<Integer> other = TaskLocal.withInitial(() -> 7);
        try (Scheduler s = kind.create()) {
            Promise<Void> parentRebound = Promise.create();
            Promise<Void> childRebound = Promise.create();
            List<String> parentSaw = new ArrayList<>();
            Task<String> child = s.blockOn(() -> local.with("parent's", () -> {
                Task<String> c = Coroutines.spawn(() -> {
                    String before = local.get();
                    Async.await(parentRebound);
                    String afterParentRebound = local.get();
                    local.with("child's own", () -> {
                        childRebound.complete(null);
                        return null;
                    });
                    return before + ", " + afterParentRebound + ", " + other.get();
                });
                local.with("rebound in the parent", () -> {
                    parentRebound.complete(null);
                    Async.await(childRebound);
                    parentSaw.add(local.get());
                    return null;
                });
                parentSaw.add(local.get());
                return c;
            }));
            assertEquals("parent's, parent's, 7", child.await(), "the parent's later binding does not reach the child");
            assertEquals(List.of("rebound in the parent", "parent's"), parentSaw,
                    "the child's binding does not reach the parent");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void onAPlainThreadTheBindingsAreTheThreadsAndTasksSpawnedThereInheritThem(Kind kind) throws Exception {
        TaskLocal<String> local = new TaskLocal<>("default");
        try (Scheduler s = kind.create()) {
            Task<String> spawned = local.with("thread's", () -> {
                assertEquals("thread's", local.get());
                return s.spawn(() -> {
                    Coroutines.yieldNow();
                    return local.get();
                });
            });
            assertEquals("default", local.get());
            assertEquals("thread's", spawned.await());
            assertEquals("in blockOn", local.with("in blockOn", () -> s.blockOn(local::get)));
            Task<String> unbound = s.spawn(local::get);
            assertEquals("default", unbound.await(), "a scheduler thread's bindings do not leak into tasks");
            assertEquals("thread's", local.get(spawned));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tasksSharingAThreadEachSeeTheirOwnBindings(Kind kind) throws Exception {
        TaskLocal<Integer> local = new TaskLocal<>(-1);
        try (Scheduler s = kind.create()) {
            int tasks = 8;
            int rounds = 50;
            AtomicInteger wrong = new AtomicInteger();
            List<Task<Object>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int id = i;
                all.add(s.spawn(() -> local.with(id, () -> {
                    for (int r = 0; r < rounds; r++) {
                        Coroutines.yieldNow();
                        if (local.get() != id) {
                            wrong.incrementAndGet();
                        }
                    }
                    return null;
                })));
            }
            for (Task<Object> t : all) {
                t.await();
            }
            assertEquals(0, wrong.get());
        }
    }

    @Test
    void withInitialCallsItsSupplierForEachUnboundGet() {
        AtomicInteger calls = new AtomicInteger();
        TaskLocal<Integer> local = TaskLocal.withInitial(calls::incrementAndGet);
        assertEquals(1, local.get());
        assertEquals(2, local.get());
        Integer bound = local.with(42, local::get);
        assertEquals(42, bound);
        assertEquals(2, calls.get());
        TaskLocal<String> none = new TaskLocal<>(null);
        assertNull(none.get());
    }

    @Test
    void getOfATaskNeedsATaskOfAJcoroScheduler() {
        TaskLocal<String> local = new TaskLocal<>("default");
        Task<Object> foreign = new Task<>() {
            @Override
            public Promise<Object> promise() {
                return Promise.completed(null);
            }

            @Override
            public boolean cancel() {
                return false;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean isDone() {
                return true;
            }

            @Override
            public void join() {}
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> local.get(foreign));
        assertTrue(e.getMessage().contains("not a task of a jcoro scheduler"), e.getMessage());
        assertThrows(NullPointerException.class, () -> local.get(null));
    }

    @Test
    void withInAPlainContinuationIsRefused() {
        TaskLocal<String> local = new TaskLocal<>("default");
        Continuation c = new Continuation(() -> local.with("x", () -> "never"));
        IllegalStateException e = assertThrows(IllegalStateException.class, c::resume);
        assertTrue(e.getMessage().contains("plain Continuation"), e.getMessage());
    }
}
