package io.jcoro.internal;

/**
 * One entry of a promise's list of what waits for it: {@code whenComplete} actions, and the wake-up a
 * scheduled task's await registers (which is its own node, so an await allocates one object, not a
 * callback and a node). Runs once, on the thread that settles the promise, or at once on the
 * registering thread when the promise has settled already.
 *
 * <p>Internal: public only so that the scheduler module can subclass it.
 */
public abstract class PromiseListener {
    /**
     * The next entry of the promise's stack; owned by the promise (written before the entry is
     * published by its CAS; rewritten only by the thread that took the stack off the promise, by the
     * settling swap or a sweep's CAS). A sweep reads it before its CAS, when it may change under it.
     */
    public PromiseListener next;

    /** Called once with the promise's value (and a null error) or its failure (and a null value). */
    public abstract void settled(Object value, Throwable error);

    /**
     * Whether this entry has been withdrawn for good: running it now would do nothing, and it never
     * becomes live again (an await that gave up). The promise may unlink it at any time, on any thread;
     * whoever withdraws it tells the promise, which then sweeps such entries away. Default: never.
     */
    public boolean withdrawn() {
        return false;
    }
}
