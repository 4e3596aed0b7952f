package io.jcoro.examples;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Coroutines#scope} that fails fast: placing an order runs three jobs at once, two children
 * (charge the card, book the delivery) and the scope's own body (reserve the stock). The charge fails,
 * so the scope cancels the delivery and stops the body at their pending waits, their {@code finally}
 * blocks run, and only once all of them have ended does the scope throw the charge's failure. The
 * reservation's clean-up in the body fails too: that later failure arrives attached to the first one
 * as suppressed, while the cancellations themselves are not failures. (A cancelled child's outcome is
 * its cancellation, whatever its {@code finally} throws: its promise fails with
 * {@code CancellationException}, so only the body's clean-up can add a second failure here.)
 *
 * <p>To show the cancellation deterministically, the charge fails only once the two others are waiting
 * (a promise that the last of them to get there completes); they wait for an hour, which the
 * cancellation cuts short.
 *
 * <p>Usage: {@code FailFastScopeExample [single|parallel]} (default {@code parallel}); the output is the
 * same on both. Run under the agent: {@code scripts/demo io.jcoro.examples.FailFastScopeExample}.
 */
public final class FailFastScopeExample {
    private FailFastScopeExample() {}

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = ExampleSchedulers.fromArgs(args, "fail-fast")) {
            System.out.print(scheduler.blockOn(FailFastScopeExample::run));
        }
    }

    /** Places the order and reports, at the moment the scope threw, what had happened to every job. */
    @Suspendable
    static String run() {
        // added to by the jobs' finally blocks, on any of the scheduler's threads
        Queue<String> cleanUps = new ConcurrentLinkedQueue<>();
        // written by the scope's body, read in this task after the scope ended
        Map<String, Task<?>> children = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        try {
            placeOrder(children, cleanUps);
            report.append("the order was placed\n");
        } catch (IllegalStateException failure) {
            report.append("the scope threw: ").append(failure.getMessage()).append('\n');
            for (Throwable suppressed : failure.getSuppressed()) {
                report.append("  suppressed: ").append(suppressed.getMessage()).append('\n');
            }
        }
        // the scope threw only once every job had ended: each finally block has run, each child is done
        List<String> ran = new ArrayList<>(cleanUps);
        ran.sort(null);
        report.append("finally blocks that had run: ").append(ran).append('\n');
        children.forEach((name, child) -> report.append(name).append(": ").append(describe(child)).append('\n'));
        return report.toString();
    }

    /**
     * The scope: the body reserves the stock while two children charge the card and book the delivery;
     * the order is placed only if all three succeed.
     */
    @Suspendable
    static void placeOrder(Map<String, Task<?>> children, Queue<String> cleanUps) {
        Promise<Void> othersWaiting = Promise.create();
        AtomicInteger waiting = new AtomicInteger();
        Coroutines.scope(() -> {
            children.put("charge", Coroutines.spawn(() -> {
                Async.await(othersWaiting);
                throw new IllegalStateException("charge: the card was declined");
            }));
            children.put("deliver", Coroutines.spawn(() -> {
                try {
                    waitLong(waiting, othersWaiting);
                    return "delivery booked";
                } finally {
                    cleanUps.add("deliver");
                }
            }));
            // the body takes part as a third job; the scope stops it too (its wait throws CancellationException)
            try {
                waitLong(waiting, othersWaiting);
            } finally {
                cleanUps.add("reserve");
                releaseReservation(); // fails: a second failure, which the scope attaches to the first
            }
            return null;
        });
    }

    /** A clean-up that fails. */
    static void releaseReservation() {
        throw new IllegalStateException("reserve: could not release the reservation");
    }

    /** Says it waits (the second to say so lets the charge fail), then waits for an hour. */
    @Suspendable
    static void waitLong(AtomicInteger waiting, Promise<Void> siblingsWaiting) {
        if (waiting.incrementAndGet() == 2) {
            siblingsWaiting.complete(null);
        }
        Coroutines.sleep(Duration.ofHours(1));
    }

    /** How a child ended, from its promise (settled: the scope waited for every child). */
    static String describe(Task<?> child) {
        Promise<?> p = child.promise();
        if (!p.isDone()) {
            return "still running (the scope did not wait for it)";
        }
        try {
            return "returned " + Async.await(p);
        } catch (CancellationException e) {
            return "cancelled (" + e.getClass().getSimpleName() + ")";
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }
}
