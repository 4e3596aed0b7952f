package io.jcoro.scheduler;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * <p>Invariants (the fields below are guarded by this object's monitor, held only for O(1) edits and
 * a copy of the children, never while cancelling a task or completing a promise, since both run other
 * code):
 * <ul>
 *   <li>{@link #children} holds the adopted children whose end the scope has not heard of; the owner's
 *       {@link #drained} promise completes once the body has ended and that set is empty, by whichever
 *       of {@link #bodyEnded} and {@link #childEnded} made it so (both decide under the monitor, so
 *       exactly one sees the condition become true; completing twice would be harmless anyway).
 *   <li>Once {@link #stopping} is set it stays set, and every child is cancelled: those in the set by
 *       whoever set it (from a copy taken under the monitor), those adopted later by {@link #adopt}
 *       itself (it reads the flag under the monitor). So no child escapes a stopping scope.
 *   <li>A child's end is heard once ({@link CoroutineTask#finish} or {@link CoroutineTask#abandon}, never
 *       both). A child that ended before its adoption (only a closing scheduler abandoning it in
 *       between) is marked {@link CoroutineTask#endedInScope} under the monitor, so adopt skips it.
 *   <li>The failures ({@link #firstFailure}, {@link #otherFailures}) are complete when {@link #drained}
 *       completes: every child recorded its failure before the promise could complete. The owner reads
 *       them after its await of the promise, under the monitor.
 * </ul>
 */
final class StructuredScope extends CoroutineTask.TimeoutScope {
    /** The task whose body opened the scope: the parent of its children. */
    final CoroutineTask<?> owner;
    /** A supervisor scope: a child's failure is its own, not the scope's. */
    final boolean supervisor;
    /** Completes once the body has ended and every adopted child has ended. */
    private final Promise<Void> drained = Promise.create();

    // guarded by this
    /** In spawn order, so the children are cancelled in an order that a TestScheduler's seed replays. */
    private final Set<CoroutineTask<?>> children = new LinkedHashSet<>();
    private boolean bodyEnded;
    private boolean stopping;
    private Throwable firstFailure;
    private List<Throwable> otherFailures;

    StructuredScope(CoroutineTask<?> owner, CoroutineTask.TimeoutScope parent, boolean supervisor) {
        super(owner, parent, null);
        this.owner = owner;
        this.supervisor = supervisor;
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
        T value = null;
        Throwable thrown = null;
        try {
            try {
                value = body.call();
            } catch (Throwable t) {
                thrown = t;
                scope.bodyFailed(t);
            }
            scope.bodyEnded();
            try {
                Async.await(scope.drained);
            } catch (CancellationException stop) {
                // the task was cancelled, a withTimeout ran out, or a child failed: the children stop too
                scope.stop();
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
        Throwable failure = scope.failure();
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
        boolean cancel;
        synchronized (this) {
            if (child.endedInScope) {
                return; // abandoned by a closing scheduler before it was adopted
            }
            children.add(child);
            cancel = stopping;
        }
        if (cancel) {
            child.cancel();
        }
    }

    /**
     * A child has ended, with {@code failure} (its exception, a cancellation included) or null (a value).
     * Any thread. In a plain scope a failure that is not a cancellation is the scope's: recorded, and the
     * scope stops (its other children are cancelled, and its owner's code inside the scope is stopped).
     */
    void childEnded(CoroutineTask<?> child, Throwable failure) {
        boolean countsAsFailure = failure != null && !supervisor && !(failure instanceof CancellationException);
        List<CoroutineTask<?>> toCancel = null;
        boolean drainedNow;
        synchronized (this) {
            child.endedInScope = true;
            if (!children.remove(child)) {
                return; // never adopted (see adopt)
            }
            if (countsAsFailure) {
                record(failure);
                if (!stopping) {
                    stopping = true;
                    toCancel = new ArrayList<>(children);
                }
            }
            drainedNow = bodyEnded && children.isEmpty();
        }
        if (toCancel != null) {
            for (CoroutineTask<?> c : toCancel) {
                c.cancel();
            }
        }
        if (countsAsFailure) {
            run(); // TimeoutScope's stop: marks the scope expired, wakes the owner if it waits
        }
        if (drainedNow) {
            drained.complete(null);
        }
    }

    /**
     * Owner's thread: the body threw. A cancellation is no failure (it is the task's cancellation, a
     * timeout, or the stop a child's failure caused), but the children stop either way.
     */
    private void bodyFailed(Throwable t) {
        if (!(t instanceof CancellationException)) {
            synchronized (this) {
                record(t);
            }
        }
        stop();
    }

    /** Owner's thread: the body has ended; the scope now waits for its children only. */
    private void bodyEnded() {
        boolean drainedNow;
        synchronized (this) {
            bodyEnded = true;
            drainedNow = children.isEmpty();
        }
        if (drainedNow) {
            drained.complete(null);
        }
    }

    /** Cancels every child, now and later adopted ones. */
    private void stop() {
        List<CoroutineTask<?>> toCancel;
        synchronized (this) {
            if (stopping) {
                return; // whoever set it cancelled the children then
            }
            stopping = true;
            toCancel = new ArrayList<>(children);
        }
        for (CoroutineTask<?> c : toCancel) {
            c.cancel();
        }
    }

    /** Under the monitor: the first failure, or one more (the same exception is recorded once). */
    private void record(Throwable t) {
        if (firstFailure == null) {
            firstFailure = t;
            return;
        }
        if (t == firstFailure || (otherFailures != null && otherFailures.contains(t))) {
            return;
        }
        if (otherFailures == null) {
            otherFailures = new ArrayList<>(2);
        }
        otherFailures.add(t);
    }

    /** After the children have all ended: the first failure with the others suppressed, or null. */
    private synchronized Throwable failure() {
        if (firstFailure == null) {
            return null;
        }
        if (otherFailures != null) {
            for (Throwable other : otherFailures) {
                firstFailure.addSuppressed(other);
            }
            otherFailures = null;
        }
        return firstFailure;
    }
}
