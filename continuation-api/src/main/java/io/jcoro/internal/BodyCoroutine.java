package io.jcoro.internal;

/**
 * The store of a {@code new Continuation(body)}: its root frame is the body's own method. This class
 * is not instrumented (the agent leaves {@code io.jcoro.internal} alone) and needs not be: it only
 * forwards ({@link ForwardingCoroutine}). Abstract only because this package cannot make the public
 * {@code SuspensionError}: a subclass nested in {@code Continuation}, unwoven like it, does
 * ({@link #newSuspensionError}); {@link #runBody} is final here, so the frame the checks meet is still
 * this class's.
 */
public abstract class BodyCoroutine extends ForwardingCoroutine {
    private static final int CALLS_RUN = registerForwardedCall(BodyCoroutine.class, "io/jcoro/SuspendableRunnable.run()V");

    private final RunnableBody body;

    /** @param handle the {@code Continuation} that made this store, its public handle */
    protected BodyCoroutine(Object handle, RunnableBody body) {
        this.body = body;
        setHandle(handle);
    }

    @Override
    protected final void runBody() {
        body.run();
    }

    @Override
    protected final Object forwardedBody() {
        return body;
    }

    @Override
    protected final int forwardedCallSite() {
        return CALLS_RUN;
    }
}
