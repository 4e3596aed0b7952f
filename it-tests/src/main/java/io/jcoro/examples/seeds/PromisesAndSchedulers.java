package io.jcoro.examples.seeds;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.TimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The example of the README's "Promises and schedulers" section (docs/PROMISES-README-SECTION.md). */
public class PromisesAndSchedulers {
    @Suspendable
    static int fetchPrice(String item) {
        Coroutines.sleep(Duration.ofMillis(50)); // suspends: the loop thread runs other tasks meanwhile
        return item.length() * 10;
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.singleThreaded()) {
            int total = scheduler.blockOn(() -> {
                Task<Integer> apple = Coroutines.spawn(() -> fetchPrice("apple"));
                Task<Integer> kiwi = Coroutines.spawn(() -> fetchPrice("kiwi"));
                int tax = Async.await(CompletableFuture.supplyAsync(() -> 7)); // completed on another thread
                try {
                    Coroutines.withTimeout(Duration.ofMillis(10), () -> Async.await(Promise.create()));
                } catch (TimeoutException e) {
                    System.out.println("gave up: " + e.getMessage());
                }
                return Async.await(apple.promise()) + Async.await(kiwi.promise()) + tax;
            });
            System.out.println("total: " + total);
        }
    }
}
