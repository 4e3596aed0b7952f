package io.jcoro.examples.errors;

import io.jcoro.examples.support.Suspend;

/**
 * Error case: the body of a {@link Runnable} lambda suspends; Runnable.run is not suspendable, so the
 * lambda's state would be lost and the suspension fails, naming the lambda's line.
 */
public final class RunnableLambda {
    public static void main(String[] args) {
        Runnable r = () -> {
            System.out.println("in the runnable");
            Suspend.point(); // fails here
        };
        Suspend.run(() -> r.run());
    }
}
