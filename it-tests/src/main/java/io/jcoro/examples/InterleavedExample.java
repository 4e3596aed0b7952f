package io.jcoro.examples;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Two coroutines driven round-robin by one loop, each with its own locals and call stack, sharing a
 * trace. With {@code jcoro.suspend=always} their steps interleave (a1 b1 a2 b2 ...); with
 * {@code never} each runs to the end in its first turn. This is the one example whose output depends
 * on the mode on purpose: the expected files show both traces. Their results do not depend on it.
 */
public final class InterleavedExample {
    private static final List<String> TRACE = new ArrayList<>();

    public static void main(String[] args) {
        long[] sums = new long[1];
        StringBuilder word = new StringBuilder();
        Continuation a = new Continuation(() -> sums[0] = sumOfSquares("a", 4));
        Continuation b = new Continuation(() -> word.append(spell("b", "kiwi")));
        int turns = 0;
        while (!a.isDone() || !b.isDone()) {
            for (Continuation c : new Continuation[] {a, b}) {
                if (!c.isDone()) {
                    Suspend.resume(c);
                    turns++;
                }
            }
        }
        System.out.println("trace: " + String.join(" ", TRACE));
        System.out.println("turns: " + turns);
        System.out.println("results: " + sums[0] + " " + word);
    }

    @Suspendable
    static long sumOfSquares(String name, int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            TRACE.add(name + i);
            sum += square(i);
        }
        return sum;
    }

    @Suspendable
    static long square(int i) {
        Suspend.point();
        return (long) i * i;
    }

    @Suspendable
    static String spell(String name, String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            TRACE.add(name + (i + 1));
            sb.append(Suspend.c(Character.toUpperCase(text.charAt(i))));
        }
        return sb.toString();
    }
}
