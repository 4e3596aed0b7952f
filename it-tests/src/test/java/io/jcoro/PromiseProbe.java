package io.jcoro;

/** Test access to a promise's internals, from the test packages of other modules' code. */
public final class PromiseProbe {
    /** Bytes of one listener node with compressed oops (a WakeOnSettle: header, task, next). */
    public static final int NODE_BYTES = 24;

    private PromiseProbe() {}

    /** The listener nodes reachable from {@code p} (waiting wake-ups and callbacks, withdrawn or not). */
    public static int listenerCount(Promise<?> p) {
        return p.listenerCount();
    }
}
