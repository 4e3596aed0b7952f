package io.jcoro.examples.errors;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.SuspensionError;
import io.jcoro.examples.support.Suspend;

/**
 * A failed suspension cannot be swallowed. The body catches the {@code SuspensionError} and goes on, as
 * a library that catches everything around a callback would; the error propagated like an exception
 * of the call (the synchronized block's handler released its monitor), and the code after the catch
 * runs. But the continuation remembers the failure: at the body's next suspension, {@code resume()}
 * throws the same error, and the code after that suspension never runs.
 */
public final class CaughtSuspensionError {
    private static final Object LOCK = new Object();
    private static SuspensionError caught;

    public static void main(String[] args) {
        Continuation c = new Continuation(CaughtSuspensionError::body);
        try {
            while (!c.isDone()) {
                c.resume();
            }
            System.out.println("finished normally");
        } catch (SuspensionError e) {
            System.out.println("resume() threw the caught error: " + (e == caught));
        }
        System.out.println("done: " + c.isDone());
    }

    @Suspendable
    static void body() {
        int kept = Suspend.i(40);
        try {
            synchronized (LOCK) {
                Suspend.point(); // fails here
            }
        } catch (SuspensionError e) {
            caught = e;
            System.out.println("caught: " + e.getMessage().substring(0, e.getMessage().indexOf("): ") + 1));
        }
        System.out.println("lock free: " + !Thread.holdsLock(LOCK));
        int after = kept + Suspend.i(2);
        System.out.println("went on: " + after);
    }
}
