package io.jcoro.examples.seeds;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.Suspendable;

/**
 * What a Rust {@code Future} is underneath, shown with jcoro: a coroutine is a state machine that an
 * executor polls. Each {@link Continuation#resume()} is a {@code poll}: the coroutine runs until it
 * awaits a promise that is not ready ({@code Pending}, its state saved) or until it returns
 * ({@code Ready}). Polling too early is harmless: the await finds its promise still pending and
 * suspends again in the same state. No scheduler here: this main method is the executor.
 */
public final class StateMachineDemo {
    private static volatile String state = "Start";

    private StateMachineDemo() {}

    @Suspendable
    static String checkout(Promise<Integer> order, Promise<Integer> payment) {
        state = "AwaitingOrder";
        int orderNumber = Async.await(order);
        state = "AwaitingPayment(order #" + orderNumber + ")";
        int amount = Async.await(payment);
        state = "Done";
        return "receipt for order #" + orderNumber + ", paid " + amount + " EUR";
    }

    public static void main(String[] args) throws InterruptedException {
        Promise<Integer> order = Promise.create();
        Promise<Integer> payment = Promise.create();
        String[] result = new String[1];
        Continuation future = new Continuation(() -> result[0] = checkout(order, payment));
        System.out.println("created: state=" + state + " (nothing runs before the first poll)");

        poll(future, result, "poll #1");
        poll(future, result, "poll #2 (too early)");
        completeOn("shop", () -> order.complete(7), "order #7 placed");
        poll(future, result, "poll #3");
        completeOn("bank", () -> payment.complete(42), "payment of 42 EUR received");
        poll(future, result, "poll #4");
    }

    private static void poll(Continuation future, String[] result, String label) {
        future.resume();
        String outcome = future.isDone() ? "Ready(" + result[0] + ")" : "Pending";
        System.out.println(label + ": " + outcome + ", state=" + state);
    }

    /** Completes a promise on another thread, as a network reply would, and waits for it. */
    private static void completeOn(String threadName, Runnable completion, String what) throws InterruptedException {
        Thread t = new Thread(completion, threadName);
        t.start();
        t.join();
        System.out.println("  -- " + what + " on thread " + threadName);
    }
}
