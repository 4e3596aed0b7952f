package io.jcoro.scheduler;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import java.util.concurrent.CancellationException;

/**
 * One {@link Coroutines#scope} or {@link Coroutines#supervisorScope} in progress: its unfinished children,
 * the failures it will throw, and the promise its owner waits on until the children have all ended.
 *
 * <p>It is a {@link CoroutineTask.TimeoutScope} on its owner's chain of scopes, so it stops the code
 * inside it as an expired {@code withTimeout} does: when a child fails (in a plain scope), the scope
 * marks itself expired and wakes its owner, whose pending (or next) await inside the scope throws
 * {@link CancellationException}.
 *
 * <p>Threads: {@link #execute} runs on the owner's thread (the task's runner, one at a time); a child's end
 * ({@link #childEnded}) comes on the thread that finished the child, or a closing scheduler's thread that
 * abandoned it; {@link #adopt} on the owner's thread, right after spawning a child and before queuing it.
 *
 * <p>The state machine (the children, the stop, the failures) and its invariants are {@link ScopeState}'s,
 * which StructuredScopeLincheckTest model-checks; here it acts on tasks: a child is cancelled with
 * {@link CoroutineTask#cancel}, the owner's code stopped as by an expired timeout, the owner's wait ended
 * by completing {@link #drained}, and a child's end marked heard in {@link CoroutineTask#endedInScope}
 * (guarded by the state's monitor).
 */
final class StructuredScope extends CoroutineTask.TimeoutScope {
    /** The task whose body opened the scope: the parent of its children. */
    final CoroutineTask<?> owner;
    /** A supervisor scope: a child's failure is its own, not the scope's. */
    final boolean supervisor;
    /** Completes once the body has ended and every adopted child has ended. */
    private final Promise<Void> drained = Promise.create();
    private final State state;

    StructuredScope(CoroutineTask<?> owner, CoroutineTask.TimeoutScope parent, boolean supervisor) {
        super(owner, parent, null);
        this.owner = owner;
        this.supervisor = supervisor;
        this.state = new State(supervisor);
    }

    @Override
    String stopReason() {
        return "a task of its " + (supervisor ? "supervisorScope" : "scope") + " failed";
    }

    /**
     * The scope's whole life, on the owner's thread: runs the body, then waits for the children; cancels
     * them when the body fails or is stopped (the task cancelled, a timeout run out, a child failed); and
     * returns the body's value or throws the first failure (others suppressed) or the body's exception.
     */
    @Suspendable
    static <T> T execute(CoroutineTask<?> task, SuspendableCallable<T> body, boolean supervisor) {
        StructuredScope scope = task.openStructuredScope(supervisor);
        ScopeState<CoroutineTask<?>> state = scope.state;
        T value = null;
        Throwable thrown = null;
        try {
            try {
                value = body.call();
            } catch (Throwable t) {
                thrown = t;
                state.bodyFailed(t);
            }
            state.bodyEnded();
            try {
                Async.await(scope.drained);
            } catch (CancellationException stop) {
                // the task was cancelled, a withTimeout ran out, or a child failed: the children stop too
                state.stop();
                if (thrown == null) {
                    thrown = stop;
                }
                // the wait for the cancelled children must not be cut short by the same stop
                CoroutineTask.TimeoutScope shield = task.shield();
                try {
                    Async.await(scope.drained);
                } finally {
                    task.closeScope(shield);
                }
            }
        } finally {
            task.closeScope(scope);
        }
        Throwable failure = state.failure();
        if (failure != null) {
            throw Sneaky.<RuntimeException>rethrow(failure);
        }
        if (thrown != null) {
            throw Sneaky.<RuntimeException>rethrow(thrown);
        }
        return value;
    }

    /** Owner's thread, after spawning {@code child} and before queuing it. */
    void adopt(CoroutineTask<?> child) {
        state.adopt(child);
    }

    /**
     * A child has ended, with {@code failure} (its exception, a cancellation included) or null (a value).
     * Any thread. In a plain scope a failure that is not a cancellation is the scope's: recorded, and the
     * scope stops (its other children are cancelled, and its owner's code inside the scope is stopped).
     */
    void childEnded(CoroutineTask<?> child, Throwable failure) {
        state.childEnded(child, failure);
    }

    /** The scope's state machine acting on tasks and on the owner's wait. */
    private final class State extends ScopeState<CoroutineTask<?>> {
        State(boolean supervisor) {
            super(supervisor);
        }

        @Override
        void cancel(CoroutineTask<?> child) {
            child.cancel();
        }

        @Override
        void stopOwner() {
            StructuredScope.this.run(); // TimeoutScope's stop: marks the scope expired, wakes the owner if it waits
        }

        @Override
        void drained() {
            StructuredScope.this.drained.complete(null);
        }

        @Override
        boolean endHeard(CoroutineTask<?> child) {
            return child.endedInScope;
        }

        @Override
        void markEndHeard(CoroutineTask<?> child) {
            child.endedInScope = true;
        }
    }
}
