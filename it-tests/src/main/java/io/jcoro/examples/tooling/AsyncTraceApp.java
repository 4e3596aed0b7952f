package io.jcoro.examples.tooling;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.debug.AsyncStackTrace;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.time.Duration;

/**
 * A failure three tasks deep: {@code main} blocks on a checkout task, which awaits a payment task,
 * which awaits a charge task that fails after it resumed. Prints who awaited the failure, from the
 * async stack traces jcoro attached to it.
 */
public final class AsyncTraceApp {
    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("shop").singleThreaded()) {
            scheduler.blockOn(() -> checkout(Coroutines.spawn(() -> pay(Coroutines.spawn(() -> charge(250)))))); // marker: blockOn
        } catch (IllegalStateException e) {
            System.out.println("failed: " + e.getMessage() + ", thrown at " + e.getStackTrace()[0]);
            for (AsyncStackTrace awaiter : AsyncStackTrace.of(e)) {
                StackTraceElement[] frames = awaiter.getStackTrace();
                StackTraceElement own = frames[0];
                for (StackTraceElement f : frames) {
                    if (f.getClassName().equals(AsyncTraceApp.class.getName())) {
                        own = f;
                        break;
                    }
                }
                System.out.println(awaiter.getMessage() + " at " + own);
            }
        }
    }

    @Suspendable
    static String checkout(Task<String> payment) {
        return "paid " + Async.await(payment.promise()); // marker: checkout awaits
    }

    @Suspendable
    static String pay(Task<String> charge) {
        return Async.await(charge.promise()); // marker: pay awaits
    }

    @Suspendable
    static String charge(int cents) {
        Coroutines.sleep(Duration.ofMillis(1));
        throw new IllegalStateException("card declined for " + cents + " cents"); // marker: charge throws
    }
}
