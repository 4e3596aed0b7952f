package io.jcoro.examples.seeds;

import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Tokio's {@code current_thread} example, in Java: spawn ten {@code sayHello(i)} tasks on a
 * single-threaded scheduler, sleep one second, and every task has printed, all on the one loop thread.
 *
 * <pre>
 * #[tokio::main(flavor = "current_thread")]
 * async fn main() {
 *     for i in 0..10 { tokio::spawn(say_hello(i)); }
 *     tokio::time::sleep(Duration::from_secs(1)).await;
 * }
 * </pre>
 */
public final class TokioHello {
    private static final Set<String> THREADS = new ConcurrentSkipListSet<>();

    private TokioHello() {}

    @Suspendable
    static void sayHello(int i) {
        String thread = Thread.currentThread().getName();
        THREADS.add(thread);
        System.out.println("hello " + i + " from " + thread);
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("tokio-hello").singleThreaded()) {
            scheduler.blockOn(() -> {
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    Coroutines.spawn(() -> {
                        sayHello(n);
                        return null;
                    });
                }
                THREADS.add(Thread.currentThread().getName());
                Coroutines.sleep(Duration.ofSeconds(1));
                return null;
            });
        }
        System.out.println("threads used: " + THREADS.size() + " " + new TreeSet<>(THREADS));
    }
}
