package io.jcoro.examples;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A continuation resumed on a different thread each time: three single-thread executors take turns.
 * Its locals and frames live in the continuation, not on a thread, so they arrive intact; an exception
 * thrown after a hop comes out of the resume on the thread that resumed it. With
 * {@code jcoro.suspend=always} the body runs on all three threads, with {@code never} on the first
 * only: the "threads" line differs between the modes on purpose, the results do not.
 */
public final class ThreadHopExample {
    private static final Set<String> THREADS = new LinkedHashSet<>();

    public static void main(String[] args) throws Exception {
        ExecutorService[] workers = new ExecutorService[3];
        for (int i = 0; i < workers.length; i++) {
            String name = "worker-" + i;
            workers[i] = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
        }
        try {
            long[] result = new long[1];
            Continuation c = new Continuation(() -> result[0] = hopAndCompute(10));
            int turn = 0;
            while (!c.isDone()) {
                Future<?> f = workers[turn++ % workers.length].submit(() -> Suspend.resume(c));
                f.get();
            }
            System.out.println("result: " + result[0]);
            System.out.println("threads: " + THREADS);
            System.out.println("current on main: " + Continuation.current());

            Continuation failing = new Continuation(ThreadHopExample::failAfterHops);
            turn = 0;
            try {
                while (!failing.isDone()) {
                    workers[turn++ % workers.length].submit(() -> Suspend.resume(failing)).get();
                }
            } catch (ExecutionException e) {
                System.out.println("failed on a worker: " + e.getCause().getMessage() + ", done: " + failing.isDone());
            }
        } finally {
            for (ExecutorService w : workers) {
                w.shutdown();
            }
        }
    }

    @Suspendable
    static long hopAndCompute(int n) {
        long total = 0;
        String text = "";
        double ratio = 1.0;
        for (int i = 1; i <= n; i++) {
            total += Suspend.l(i * 1_000_000_007L);
            noteThread();
            text += (char) ('a' + Suspend.i(i - 1));
            noteThread();
            ratio /= Suspend.d(2.0);
            noteThread();
            if (Continuation.current() == null) {
                throw new AssertionError("no current continuation on " + Thread.currentThread().getName());
            }
        }
        System.out.println("in the body: " + text + " " + ratio);
        return total;
    }

    static void noteThread() {
        synchronized (THREADS) {
            THREADS.add(Thread.currentThread().getName());
        }
    }

    @Suspendable
    static void failAfterHops() {
        int hops = 0;
        for (int i = 0; i < 4; i++) {
            Suspend.point();
            hops++;
        }
        throw new IllegalStateException("thrown after " + hops + " suspension points");
    }
}
