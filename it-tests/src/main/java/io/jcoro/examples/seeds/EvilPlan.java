package io.jcoro.examples.seeds;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.time.Duration;

/**
 * The "evil plan" from the Rust async book's first chapter, in Java: {@code evilPlan} runs
 * {@code contact()} and {@code prepLaser()} together and waits for both (Rust's {@code join!}),
 * then says it is done. {@code contact} lands (which takes a while), then greets.
 *
 * <p>Expected output: {@code Ship has landed.}, {@code We come in peace!}, {@code Done.}
 */
public final class EvilPlan {
    private EvilPlan() {}

    @Suspendable
    static void land() {
        Coroutines.sleep(Duration.ofMillis(30)); // the descent takes a while: the coroutine suspends
        System.out.println("Ship has landed.");
    }

    @Suspendable
    static String howdy() {
        return "We come in peace!";
    }

    @Suspendable
    static void contact() {
        land();
        System.out.println(howdy());
    }

    @Suspendable
    static void prepLaser() {
        Coroutines.sleep(Duration.ofMillis(10)); // charging, quietly
    }

    @Suspendable
    static void evilPlan() {
        Task<Void> contact = Coroutines.spawn(() -> {
            contact();
            return null;
        });
        Task<Void> laser = Coroutines.spawn(() -> {
            prepLaser();
            return null;
        });
        Async.await(Promise.all(contact.promise(), laser.promise())); // join!(contact(), prep_laser())
        System.out.println("Done.");
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.singleThreaded()) {
            scheduler.blockOn(() -> {
                evilPlan();
                return null;
            });
        }
    }
}
