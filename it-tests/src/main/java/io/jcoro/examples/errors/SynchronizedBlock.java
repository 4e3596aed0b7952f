package io.jcoro.examples.errors;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;

/** Error case: a suspension inside a {@code synchronized} block fails, naming the line. */
public final class SynchronizedBlock {
    private static final Object LOCK = new Object();

    public static void main(String[] args) {
        Suspend.run(SynchronizedBlock::locked);
        System.out.println("finished: nothing suspended");
    }

    @Suspendable
    static void locked() {
        synchronized (LOCK) {
            Suspend.point(); // fails here
        }
    }
}
