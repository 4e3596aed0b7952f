package io.jcoro.benchmarks.memory;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.benchmarks.kotlin.KotlinSuspendedCoroutines;
import io.jcoro.benchmarks.support.VirtualThreads;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import java.lang.ref.Reference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import kotlinx.coroutines.CompletableDeferred;

/**
 * Heap per suspended task: heap in use after full GC with N tasks suspended, minus the same before
 * they were created, divided by N. What the tasks wait on (promises, deferreds) and the arrays that
 * hold them are allocated before the first measurement, so only the tasks themselves are counted.
 *
 * <p>Usage: {@code SuspendedTaskHeap KIND [N]}; prints {@code RESULT kind=... n=... bytesPerTask=...}.
 * Kinds: {@code jcoro-task} (a task on a single-threaded scheduler awaiting its own unsettled
 * promise; needs the agent), {@code jcoro-continuation} (a bare {@link Continuation} suspended in its
 * body; needs the agent), {@code virtual-thread} (parked in {@link LockSupport#park}; JDK 21+),
 * {@code kotlin-bare} (a coroutine without dispatcher or Job suspended in {@code suspendCoroutine}),
 * {@code kotlin-deferred} (a kotlinx {@code launch} on a single-thread dispatcher awaiting its own
 * {@code CompletableDeferred}).
 */
public final class SuspendedTaskHeap {
    private final String kind;
    private final int n;
    /** One slot per task: what it waits on, or the task itself (a continuation, a thread). */
    private final Object[] slots;
    private CompletableDeferred<kotlin.Unit>[] deferreds;
    /** Whatever else must stay reachable while the tasks are measured (a scheduler, a Job). */
    private Object owner;

    private SuspendedTaskHeap(String kind, int n) {
        this.kind = kind;
        this.n = n;
        this.slots = new Object[n];
    }

    public static void main(String[] args) throws Exception {
        SuspendedTaskHeap run = new SuspendedTaskHeap(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
        run.prepare();
        long before = HeapMeter.usedAfterGc();
        run.suspendAll();
        long after = HeapMeter.usedAfterGc();
        System.out.printf("RESULT kind=%s n=%d beforeBytes=%d afterBytes=%d bytesPerTask=%.1f%n",
                run.kind, run.n, before, after, (after - before) / (double) run.n);
        Reference.reachabilityFence(run);
        System.exit(0); // parked threads and loop threads must not keep the JVM alive
    }

    /** Allocates what the tasks will wait on, before the baseline is measured. */
    private void prepare() {
        switch (kind) {
            case "jcoro-task" -> {
                for (int i = 0; i < n; i++) {
                    slots[i] = Promise.create();
                }
            }
            case "kotlin-deferred" -> deferreds = KotlinSuspendedCoroutines.newDeferreds(n);
            case "jcoro-continuation", "virtual-thread", "kotlin-bare" -> { }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private void suspendAll() throws Exception {
        switch (kind) {
            case "jcoro-task" -> owner = jcoroTasks();
            case "jcoro-continuation" -> {
                for (int i = 0; i < n; i++) {
                    // a lambda, not Continuation::suspend: a method reference has no body of its own for
                    // the agent to weave, and suspending straight from it fails ("no frame saved its state")
                    Continuation c = new Continuation(() -> Continuation.suspend());
                    c.resume();
                    slots[i] = c;
                }
            }
            case "virtual-thread" -> virtualThreads();
            case "kotlin-bare" -> KotlinSuspendedCoroutines.suspendBare(slots);
            case "kotlin-deferred" -> owner = KotlinSuspendedCoroutines.launchAwaiting(deferreds);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** Spawns one task per promise from inside a coroutine, then yields behind all of them. */
    @SuppressWarnings("unchecked")
    private Scheduler jcoroTasks() throws Exception {
        Scheduler scheduler = Scheduler.builder().name("heap").singleThreaded();
        AtomicInteger awaiting = new AtomicInteger();
        scheduler.blockOn(() -> {
            for (Object p : slots) {
                Promise<Object> promise = (Promise<Object>) p;
                Coroutines.spawn(() -> {
                    awaiting.incrementAndGet();
                    return Async.await(promise);
                });
            }
            Coroutines.yieldNow(); // to the back of the run queue: every task above has reached its await
            return null;
        });
        if (awaiting.get() != n) {
            throw new IllegalStateException(awaiting.get() + " of " + n + " tasks reached their await; "
                    + scheduler.stats());
        }
        return scheduler;
    }

    private void virtualThreads() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            slots[i] = VirtualThreads.start(() -> {
                started.countDown();
                while (true) {
                    LockSupport.park();
                }
            });
        }
        started.await();
        for (Object t : slots) { // each thread parks right after its countDown; wait until it has
            while (((Thread) t).getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
    }
}
