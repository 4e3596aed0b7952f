package io.jcoro.examples.tooling;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;

/**
 * A small suspending program for the tooling examples: a continuation that sums 1..n, suspending
 * once per number, driven to its end by a loop that counts the resumes.
 */
public final class Countdown {
    private Countdown() {}

    /** Prints the sum of 1..n and how many resumes it took (n + 1 when every step suspends). */
    public static void run(int n) {
        long[] sum = new long[1];
        Continuation c = new Continuation(() -> sum[0] = sumTo(n));
        int resumes = 0;
        while (!c.isDone()) {
            c.resume();
            resumes++;
        }
        System.out.println("sum of 1.." + n + ": " + sum[0] + ", resumes: " + resumes);
    }

    @Suspendable
    private static long sumTo(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) {
            total += step(i);
        }
        return total;
    }

    @Suspendable
    private static int step(int i) {
        Continuation.suspend();
        return i;
    }
}
