package io.jcoro.internal;

/**
 * The store of a {@code new Continuation(body)}: its root frame is the body's own method. This class
 * is not instrumented (the agent leaves {@code io.jcoro.internal} alone) and needs not be: it only
 * forwards, with nothing to save before or after the call: the stack walk ({@link ChainCheck}) passes
 * over it, and the root check of {@link FrameStore} checks the frame saved last against the body's method.
 */
public final class BodyStore extends FrameStore {
    private final RunnableBody body;

    /** @param handle the {@code Continuation} that made this store, its public handle */
    public BodyStore(Object handle, RunnableBody body) {
        this.body = body;
        setHandle(handle);
    }

    @Override
    protected void runBody() {
        body.run();
    }

    @Override
    Object forwardedBody() {
        return body;
    }
}
