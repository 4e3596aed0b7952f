package io.jcoro.examples.errors;

import io.jcoro.Suspendable;
import io.jcoro.SuspensionError;
import io.jcoro.examples.support.Suspend;

/**
 * Error case: a suspension inside a {@code synchronized} method fails, naming the line, and the
 * monitor is released: another thread can take it afterwards.
 */
public final class SynchronizedMethod {
    public static void main(String[] args) throws InterruptedException {
        SynchronizedMethod target = new SynchronizedMethod();
        try {
            Suspend.run(target::locked);
            System.out.println("no error");
        } catch (SuspensionError e) {
            System.out.println("caught: " + e.getMessage());
        }
        System.out.println("main holds the monitor: " + Thread.holdsLock(target));
        boolean[] taken = new boolean[1];
        Thread other = new Thread(() -> {
            synchronized (target) {
                taken[0] = true;
            }
        });
        other.start();
        other.join(10_000);
        System.out.println("another thread took the monitor: " + taken[0]);
    }

    @Suspendable
    synchronized void locked() {
        Suspend.point(); // fails here
    }
}
