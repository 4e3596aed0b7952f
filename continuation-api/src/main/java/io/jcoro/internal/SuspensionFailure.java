package io.jcoro.internal;

/**
 * A suspension that the frames between it and its continuation cannot carry, as the runtime holds and
 * recognises it: the base class of {@code io.jcoro.SuspensionError}, which is what every such failure
 * is. It exists only so that this package need not import the public class: each kind of store makes
 * the errors its coroutine fails with ({@link Coroutine#newSuspensionError}).
 */
public abstract class SuspensionFailure extends Error {
    private static final long serialVersionUID = 1L;

    protected SuspensionFailure(String message) {
        super(message);
    }
}
