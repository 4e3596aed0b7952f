package io.jcoro.examples.errors;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;

/**
 * A failed suspension is an ordinary exception inside the coroutine: the body catches it, and the
 * continuation stays usable: later suspensions save and restore frames as usual. The later one sits
 * after a try around a synchronized block, where no monitor is held (the block's own handler releases
 * it before the outer catch runs), so it must be an ordinary suspension, not a monitor error.
 */
public final class RecoverAfterError {
    private static final Object LOCK = new Object();

    public static void main(String[] args) {
        Suspend.run(RecoverAfterError::body);
        System.out.println("resumes: " + (Suspend.lastResumes() > 1 ? "several" : "one"));
    }

    @Suspendable
    static void body() {
        int kept = Suspend.i(40);
        try {
            synchronized (LOCK) {
                Suspend.point(); // fails here
            }
        } catch (IllegalStateException e) {
            System.out.println("caught: " + e.getMessage().substring(0, e.getMessage().indexOf("): ") + 1));
        }
        System.out.println("lock free: " + !Thread.holdsLock(LOCK));
        int after = kept + Suspend.i(2);
        System.out.println("recovered: " + after);
    }
}
