package io.jcoro;

import io.jcoro.internal.SuspensionFailure;

/**
 * A suspension that the frames between it and its continuation cannot carry: a method on the chain
 * that jcoro did not rewrite (a JDK method calling back into suspendable code, reflection, a method
 * handle, a method that is not {@code @Suspendable}), a constructor, a static initializer, or code
 * holding a monitor. The message names the first frame that cannot carry the suspension, with its
 * source line, why, and what to do about it.
 *
 * <p><b>Why an {@code Error}.</b> The failure is a defect of the program (a missing annotation or
 * declaration), not a condition to handle, and it must not vanish: library code between the suspension
 * and the coroutine's body often catches {@code Exception} around a callback and goes on with a
 * different result. Most such code lets an {@code Error} through.
 *
 * <p><b>It is never lost.</b> The continuation that raised it remembers it: even when some code catches
 * it and goes on, the coroutine ends with this error as soon as its body returns or suspends again
 * ({@link Continuation#resume()} throws it, and a scheduler's task fails with it). An exception that
 * the body throws afterwards is attached to it as suppressed. A coroutine that resumed the failed one
 * on its own thread (a continuation nested in another, or in a task) remembers it too.
 */
public class SuspensionError extends SuspensionFailure {
    private static final long serialVersionUID = 1L;

    public SuspensionError(String message) {
        super(message);
    }
}
