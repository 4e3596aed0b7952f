package io.jcoro.it.tooling;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Task;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Suspendable code for the dump and async-stack-trace tests; each interesting line has a marker. */
final class Orders {
    private Orders() {}

    @Suspendable
    static String fetch(Promise<String> reply) {
        String order = fetchDeep(reply); // marker: fetch calls fetchDeep
        return "order " + order;
    }

    @Suspendable
    static String fetchDeep(Promise<String> reply) {
        String prefix = "#";
        return prefix + Async.await(reply); // marker: fetchDeep awaits
    }

    @Suspendable
    static String awaitTask(Task<String> other) {
        return "parent of " + Async.await(other.promise()); // marker: parent awaits a task
    }

    /** Runs without suspending until {@code stop} is set. */
    static String spinUntil(AtomicBoolean stop, Promise<Void> started) {
        started.complete(null);
        while (!stop.get()) { // marker: spins
            Thread.onSpinWait();
        }
        return "stopped";
    }

    // ---------------------------------------------------------------- for async stack traces

    @Suspendable
    static String checkout(Task<String> payment) {
        String receipt = Async.await(payment.promise()); // marker: checkout awaits payment
        return "paid " + receipt;
    }

    @Suspendable
    static String pay(int cents) {
        Coroutines.sleep(Duration.ofMillis(1)); // marker: pay suspends
        return charge(cents); // marker: pay calls charge
    }

    @Suspendable
    static String charge(int cents) {
        Coroutines.yieldNow(); // marker: charge suspends
        if (cents > 100) {
            throw new IllegalStateException("card declined for " + cents + " cents"); // marker: charge throws
        }
        return cents + " cents";
    }
}
