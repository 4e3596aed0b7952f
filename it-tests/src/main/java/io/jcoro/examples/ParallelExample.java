package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Continuations suspending and resuming on four threads at the same time. Instrumented code reads one
 * global "someone is unwinding" flag on its fast path; while another thread's continuation suspends or
 * restores, each thread must still tell its own state apart and compute the same results as alone.
 */
public final class ParallelExample {
    private static final int THREADS = 4;

    public static void main(String[] args) throws InterruptedException {
        long[][] results = new long[THREADS][];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> results[id] = work(id), "parallel-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int t = 0; t < THREADS; t++) {
            System.out.println("thread " + t + ": " + results[t][0] + " " + results[t][1] + " " + results[t][2]);
        }
    }

    /** Runs three coroutines on this thread, one after the other. */
    static long[] work(int id) {
        long[] out = new long[3];
        for (int round = 0; round < 3; round++) {
            int r = round;
            Suspend.run(() -> out[r] = sumTo(2_000 + id * 100 + r) + chain(50 + id, id));
        }
        return out;
    }

    @Suspendable
    static long sumTo(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += Suspend.i(i);
        }
        return sum;
    }

    @Suspendable
    static long chain(int depth, int id) {
        if (depth == 0) {
            return Suspend.l(id);
        }
        long mine = depth * 10L + id;
        return mine + chain(depth - 1, id);
    }
}
