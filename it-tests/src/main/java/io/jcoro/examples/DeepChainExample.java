package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;

/**
 * Suspensions far down the stack: one 1,000 frames deep, one at every level of a 1,000-frame
 * recursion, tree recursion (Fibonacci) and mutual recursion, each frame keeping its own locals.
 */
public final class DeepChainExample {
    public static void main(String[] args) {
        Suspend.run(() -> System.out.println("bottom of 1000 frames: " + onlyAtBottom(1000)));
        Suspend.run(() -> System.out.println("every level of 1000 frames: " + atEveryLevel(1000)));
        Suspend.run(() -> System.out.println("fib(15): " + fib(15)));
        Suspend.run(() -> System.out.println("isEven(301): " + isEven(301) + ", isEven(500): " + isEven(500)));
        Suspend.run(() -> System.out.println("ackermann(2, 3): " + ackermann(2, 3)));
        Suspend.run(DeepChainExample::throwFromTheBottom);
    }

    /** Each frame keeps n, a long and a string; only the innermost call suspends. */
    @Suspendable
    static long onlyAtBottom(int n) {
        if (n == 0) {
            Suspend.point();
            return 0;
        }
        long mine = n * 3L;
        String tag = n % 100 == 0 ? "x" : "";
        return mine + onlyAtBottom(n - 1) + tag.length();
    }

    /** Suspends on the way down and on the way up at every level. */
    @Suspendable
    static long atEveryLevel(int n) {
        if (n == 0) {
            return Suspend.l(0);
        }
        double weight = n / 2.0;
        Suspend.point();
        long below = atEveryLevel(n - 1);
        return below + Suspend.i(n) + (long) (weight * 2);
    }

    /** An exception thrown 500 frames down after a resume, caught at the top with its whole stack trace. */
    @Suspendable
    static void throwFromTheBottom() {
        try {
            descendAndThrow(500);
        } catch (IllegalStateException e) {
            long frames = java.util.Arrays.stream(e.getStackTrace())
                    .filter(f -> f.getMethodName().equals("descendAndThrow"))
                    .count();
            System.out.println("caught " + e.getMessage() + " with " + frames + " descendAndThrow frames in the trace");
        }
    }

    @Suspendable
    static int descendAndThrow(int n) {
        if (n == 0) {
            Suspend.point();
            throw new IllegalStateException("at the bottom");
        }
        return descendAndThrow(Suspend.i(n - 1)) + n;
    }

    @Suspendable
    static int fib(int n) {
        return n < 2 ? Suspend.i(n) : fib(n - 1) + fib(n - 2);
    }

    @Suspendable
    static boolean isEven(int n) {
        return n == 0 || isOdd(Suspend.i(n - 1));
    }

    @Suspendable
    static boolean isOdd(int n) {
        return n != 0 && isEven(Suspend.i(n - 1));
    }

    @Suspendable
    static int ackermann(int m, int n) {
        Suspend.point();
        if (m == 0) {
            return n + 1;
        }
        if (n == 0) {
            return ackermann(m - 1, 1);
        }
        return ackermann(m - 1, ackermann(m, n - 1));
    }
}
