package io.jcoro;

import io.jcoro.internal.BodyCoroutine;
import io.jcoro.internal.Coroutine;
import io.jcoro.internal.WovenCalls;
import java.util.Objects;
import java.util.function.Function;

/**
 * A one-shot, resumable computation: the coroutine primitive everything else in jcoro is built on.
 *
 * <p>{@link #resume()} runs the body on the calling thread until the body calls {@link #suspend()}
 * (directly or through any chain of {@link Suspendable} methods) or finishes. After a suspension the
 * saved frames live in this object, not on any thread, so the next {@code resume()} may happen on
 * another thread; it continues right after the {@code suspend()} call with every local variable and
 * operand of every frame as it was.
 *
 * <p>A continuation is not thread-safe: resume it from one thread at a time (a scheduler does this).
 * It may be resumed from inside another continuation's body; the two are independent.
 */
public final class Continuation {
    /** The handle of a store made elsewhere, asked for the first time (a scheduler's task). */
    private static final Function<Coroutine, Continuation> HANDLE_OF = Continuation::new;

    private final Coroutine store;

    public Continuation(SuspendableRunnable body) {
        this.store = new Store(this, Objects.requireNonNull(body, "body"));
    }

    /** The handle of a coroutine made elsewhere (a scheduler's task, which is its own frame store). */
    private Continuation(Coroutine store) {
        this.store = store;
    }

    /**
     * Runs the body until it suspends or finishes. An exception thrown by the body propagates out of
     * this call and ends the continuation.
     *
     * @throws IllegalStateException if the continuation is done or is running already, or belongs to a
     *     scheduler's task (see {@link #current()}), which only its scheduler resumes
     */
    public void resume() {
        store.checkResumableByHandle();
        store.resume();
    }

    /** Whether the body has finished, normally or by an exception. */
    public boolean isDone() {
        return store.isFinished();
    }

    /**
     * Suspends the continuation running on this thread; the matching {@link #resume()} returns, and
     * the next one makes this call return.
     *
     * @throws IllegalStateException outside a continuation
     */
    @Suspendable
    public static void suspend() {
        WovenCalls.suspend();
    }

    /**
     * The continuation running on this thread, or {@code null} outside any continuation. Inside a
     * scheduler's task this is the task's continuation: it tells whether it is done, but
     * {@link #resume()} refuses it (the scheduler resumes its tasks).
     */
    public static Continuation current() {
        Coroutine store = WovenCalls.currentStore();
        return store == null ? null : (Continuation) store.handle(HANDLE_OF);
    }

    /** The frame store that holds this continuation's saved frames; for jcoro's own runtime. */
    public Coroutine frameStore() {
        return store;
    }

    @Override
    public String toString() {
        return "Continuation[" + store.stateName() + ", " + store.frameCount() + " saved frames]";
    }

    /**
     * The store of a {@code new Continuation(body)}: the runtime's {@link BodyCoroutine}, whose failed
     * suspensions throw {@link SuspensionError}.
     */
    private static final class Store extends BodyCoroutine {
        Store(Continuation handle, SuspendableRunnable body) {
            super(handle, body);
        }

        @Override
        protected SuspensionError newSuspensionError(String message) {
            return new SuspensionError(message);
        }
    }
}
