package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.CoroutineDump;
import io.jcoro.scheduler.CoroutineInfo;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scheduler lists its unfinished coroutines with their state and logical stack. One event-loop
 * thread makes the order of events exact: a {@code blockOn} spawned after other tasks runs after each
 * of them has run to its first suspension.
 */
@ExtendWith(JcoroExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CoroutineDumpTest {
    private static final String ORDERS = Orders.class.getName();

    /** The frames of {@code stack} from the first one outside jcoro's own packages. */
    static List<StackTraceElement> userFrames(List<StackTraceElement> stack) {
        int i = 0;
        while (i < stack.size() && (stack.get(i).getClassName().startsWith("io.jcoro.scheduler.")
                || stack.get(i).getClassName().startsWith("io.jcoro.Async") || stack.get(i).getClassName().startsWith("io.jcoro.internal."))) {
            i++;
        }
        return stack.subList(i, stack.size());
    }

    /** {@code Orders.method(Orders.java:line)} for the line with {@code marker}. */
    static String orders(String method, String marker) {
        return ORDERS + "." + method + "(Orders.java:" + SourceLines.testLine("Orders.java", marker) + ")";
    }

    @Test
    void listsEveryUnfinishedCoroutineWithItsStateAndLogicalStack() throws Exception {
        Promise<String> reply = Promise.create();
        Promise<String> never = Promise.create();
        AtomicBoolean stop = new AtomicBoolean();
        Promise<Void> spinning = Promise.create();
        try (Scheduler s = Scheduler.builder().name("dump").singleThreaded()) {
            try {
                Task<String> leaf = s.spawn(() -> Orders.fetch(reply)); // marker: leaf spawned
                Task<String> parent = s.spawn(() -> Orders.awaitTask(leaf));
                Task<String> cancelled = s.spawn(() -> Orders.fetch(never));
                s.blockOn(() -> null); // runs after the three above have suspended
                Task<String> spinner = s.spawn(() -> Orders.spinUntil(stop, spinning));
                spinning.toCompletableFuture().get(); // the loop thread is busy with it from now on
                assertTrue(cancelled.cancel()); // woken, but queued behind the spinner

                List<CoroutineInfo> infos = s.coroutines();
                assertEquals(List.of("dump-task-1", "dump-task-2", "dump-task-3", "dump-task-5"),
                        infos.stream().map(CoroutineInfo::name).toList(), "unfinished tasks in spawn order");

                CoroutineInfo leafInfo = infos.get(0);
                assertEquals(CoroutineInfo.State.SUSPENDED, leafInfo.state());
                assertFalse(leafInfo.cancelled());
                assertEquals("Promise[pending]", leafInfo.awaiting());
                assertNull(leafInfo.thread());
                assertEquals("io.jcoro.Async", leafInfo.stack().get(0).getClassName(), "innermost frame first");
                List<StackTraceElement> leafFrames = userFrames(leafInfo.stack());
                assertEquals(orders("fetchDeep", "fetchDeep awaits"), SourceLines.where(leafFrames.get(0)));
                assertEquals(orders("fetch", "fetch calls fetchDeep"), SourceLines.where(leafFrames.get(1)));
                assertEquals(getClass().getName(), leafFrames.get(2).getClassName());
                assertEquals(SourceLines.testLine("CoroutineDumpTest.java", "leaf spawned"), leafFrames.get(2).getLineNumber());
                assertEquals(3, leafFrames.size(), "the body's lambda is the task's root frame: " + leafInfo.stack());

                CoroutineInfo parentInfo = infos.get(1);
                assertEquals(CoroutineInfo.State.SUSPENDED, parentInfo.state());
                assertEquals("task dump-task-1", parentInfo.awaiting());
                assertEquals(orders("awaitTask", "parent awaits a task"), SourceLines.where(userFrames(parentInfo.stack()).get(0)));

                CoroutineInfo cancelledInfo = infos.get(2);
                assertEquals(CoroutineInfo.State.QUEUED, cancelledInfo.state());
                assertTrue(cancelledInfo.cancelled());
                assertEquals(orders("fetchDeep", "fetchDeep awaits"), SourceLines.where(userFrames(cancelledInfo.stack()).get(0)),
                        "still suspended where it awaited");

                CoroutineInfo spinnerInfo = infos.get(3);
                assertEquals(CoroutineInfo.State.RUNNING, spinnerInfo.state());
                assertTrue(spinnerInfo.thread().startsWith("dump"), spinnerInfo::toString);
                assertTrue(spinnerInfo.stack().stream().anyMatch(e -> e.getClassName().equals(ORDERS)
                        && e.getMethodName().equals("spinUntil")), spinnerInfo.stack()::toString);

                String dump = s.dumpCoroutines();
                assertTrue(dump.startsWith("jcoro coroutines of scheduler \"dump\" (4 unfinished)\n"), dump);
                assertTrue(dump.contains("\n\"dump-task-1\" suspended, awaiting Promise[pending]\n\tat io.jcoro.Async."), dump);
                assertTrue(dump.contains("\n\"dump-task-2\" suspended, awaiting task dump-task-1\n"), dump);
                assertTrue(dump.contains("\n\"dump-task-3\" queued, cancelled\n"), dump);
                assertTrue(dump.contains("\tat " + orders("fetchDeep", "fetchDeep awaits") + "\n"), dump);
                assertTrue(dump.contains("\n\"dump-task-5\" running on dump"), dump);
                assertTrue(CoroutineDump.all().contains("jcoro coroutines of scheduler \"dump\" (4 unfinished)\n"),
                        "the JVM-wide dump includes this scheduler");

                stop.set(true);
                reply.complete("42");
                assertEquals("parent of order #42", parent.promise().toCompletableFuture().get());
                assertEquals("stopped", spinner.promise().toCompletableFuture().get());
                cancelled.promise().toCompletableFuture().handle((v, e) -> e).get();
                assertEquals(List.of(), s.coroutines(), "finished tasks leave the dump");
            } finally {
                stop.set(true);
            }
        }
    }

    @Test
    void aParallelSchedulerListsItsSuspendedTasksFromAnyThread() throws Exception {
        Promise<String> reply = Promise.create();
        try (Scheduler s = Scheduler.builder().name("pdump").parallel(2)) {
            Task<String> leaf = s.spawn(() -> Orders.fetch(reply));
            Task<String> parent = s.spawn(() -> Orders.awaitTask(leaf));
            List<CoroutineInfo> infos = s.coroutines();
            while (infos.size() < 2 || infos.stream().anyMatch(i -> i.state() != CoroutineInfo.State.SUSPENDED)) {
                Thread.sleep(1); // until both have suspended on the pool's threads
                infos = s.coroutines();
            }
            assertEquals(orders("fetchDeep", "fetchDeep awaits"), SourceLines.where(userFrames(infos.get(0).stack()).get(0)));
            assertEquals("task pdump-task-1", infos.get(1).awaiting());
            assertEquals(orders("awaitTask", "parent awaits a task"), SourceLines.where(userFrames(infos.get(1).stack()).get(0)));
            reply.complete("7");
            assertEquals("parent of order #7", parent.promise().toCompletableFuture().get());
        }
    }

    /**
     * A dump reads the tasks while they run on the pool: a snapshot taken as the parent suspends in its
     * await of the leaf's promise must still name the leaf, whatever the interleaving. (A dump that
     * built its names before reading the tasks showed the promise instead, about once in a hundred.)
     */
    @Test
    void aTaskAwaitingAnotherIsNamedInEverySnapshot() throws Exception {
        try (Scheduler s = Scheduler.builder().name("rdump").parallel(2)) {
            int suspendedParents = 0;
            for (int round = 0; round < 300; round++) {
                Promise<String> reply = Promise.create();
                Task<String> leaf = s.spawn(() -> Orders.fetch(reply));
                Task<String> parent = s.spawn(() -> Orders.awaitTask(leaf));
                boolean bothSuspended = false;
                while (!bothSuspended) {
                    List<CoroutineInfo> infos = s.coroutines();
                    for (CoroutineInfo i : infos) {
                        if (i.state() == CoroutineInfo.State.SUSPENDED && i.awaiting() != null
                                && !i.awaiting().startsWith("Promise")) {
                            assertTrue(i.awaiting().startsWith("task rdump-task-"), i::describe);
                        }
                        if (i.state() == CoroutineInfo.State.SUSPENDED && i.awaiting() != null
                                && i.awaiting().startsWith("Promise") && i.stack().stream()
                                .anyMatch(e -> e.getMethodName().equals("awaitTask"))) {
                            throw new AssertionError("the parent awaits a task, but the dump shows " + i.describe());
                        }
                    }
                    bothSuspended = infos.size() == 2
                            && infos.stream().allMatch(i -> i.state() == CoroutineInfo.State.SUSPENDED);
                    Thread.onSpinWait();
                }
                suspendedParents++;
                reply.complete(String.valueOf(round));
                assertEquals("parent of order #" + round, parent.promise().toCompletableFuture().get());
            }
            assertEquals(300, suspendedParents);
        }
    }

    @Test
    void aClosedSchedulerLeavesTheJvmWideDump() {
        Scheduler s = Scheduler.builder().name("closing-dump").singleThreaded();
        assertTrue(CoroutineDump.schedulers().contains(s));
        s.close();
        assertFalse(CoroutineDump.schedulers().contains(s));
    }
}
