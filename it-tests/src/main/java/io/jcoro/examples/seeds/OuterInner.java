package io.jcoro.examples.seeds;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.time.Duration;

/**
 * The example of "The Mechanics of Async Await": an outer coroutine spawns an inner one that
 * returns 42, awaits it, and returns twice its value, 84.
 */
public final class OuterInner {
    private OuterInner() {}

    @Suspendable
    static int inner() {
        Coroutines.sleep(Duration.ofMillis(20)); // really suspend, so outer's await has to wait
        System.out.println("inner: returning 42");
        return 42;
    }

    @Suspendable
    static int outer() {
        Task<Integer> task = Coroutines.spawn(OuterInner::inner);
        System.out.println("outer: spawned inner, awaiting it");
        int value = Async.await(task.promise());
        System.out.println("outer: inner gave " + value);
        return value * 2;
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.parallel(2)) {
            int result = scheduler.blockOn(OuterInner::outer);
            System.out.println("result: " + result);
        }
    }
}
