package io.jcoro.internal;

/**
 * A store whose {@link #runBody} is not woven: it makes one call on its body (a lambda, or any object
 * whose method the agent wove) and saves no frame of its own, so every suspension of the coroutine
 * saves and restores one frame fewer than a woven {@code runBody} would. What such a {@code runBody}
 * may do around its call: nothing that needs a value from before a suspension after it (no frame holds
 * one), and after the call it must return at once while {@link #isUnwinding()}: the call returned a
 * dummy because the body saved its frames.
 *
 * <p>The checks know these stores: the stack walk ({@link ChainCheck}) passes over their
 * {@code runBody}, and the root check ({@link Coroutine#checkRoot}) checks the frame saved last against
 * the method that {@link #forwardedCallSite()}'s call on {@link #forwardedBody()} reaches.
 */
public abstract class ForwardingCoroutine extends Coroutine {
    protected ForwardingCoroutine() {}

    /**
     * Registers the call a {@code runBody} of {@code store} makes on its body, for the root check:
     * {@code callee} is the interface method it calls, as a key
     * ({@code "io/jcoro/SuspendableRunnable.run()V"}). Returns the site's id, for
     * {@link #forwardedCallSite()}; a store class registers it once, in a static field.
     */
    protected static int registerForwardedCall(Class<? extends ForwardingCoroutine> store, String callee) {
        String owner = store.getName().replace('.', '/');
        return SuspensionSites.register(MethodRegistry.idOf(store.getClassLoader(), owner + ".runBody()V"), 0,
                store.getName() + ".runBody", callee, true, null);
    }

    /** The receiver of {@code runBody}'s one call. */
    protected abstract Object forwardedBody();

    /** The site {@link #registerForwardedCall} registered for this store's class. */
    protected abstract int forwardedCallSite();

    /**
     * Whether the coroutine is saving its frames: the body's call returned a dummy, and {@code runBody}
     * must return without using it.
     */
    protected final boolean isUnwinding() {
        return isSuspending();
    }
}
