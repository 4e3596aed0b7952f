package io.jcoro.examples.errors;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;

/**
 * Error case: a method that is not {@code @Suspendable} calls one that suspends; its state would be
 * lost, so the suspension fails, naming that caller.
 */
public final class PlainCaller {
    public static void main(String[] args) {
        Suspend.run(PlainCaller::outer);
    }

    @Suspendable
    static void outer() {
        System.out.println("plain returned " + plain(2));
    }

    static int plain(int x) { // not @Suspendable
        int doubled = x * 2;
        return doubled + Suspend.i(1); // fails here
    }
}
