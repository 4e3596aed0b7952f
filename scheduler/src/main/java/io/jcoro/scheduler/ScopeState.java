package io.jcoro.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The state machine of one {@link StructuredScope}, apart from the tasks and the promise it acts on: its
 * unfinished children, whether its body has ended, whether it is stopping, and the failures it will throw.
 * What it does to the world (cancel a child, stop the owner's code, let the owner go on) and the mark on a
 * child that its end was heard are the subclass's ({@link StructuredScope}'s for real tasks; a model
 * check's for plain objects, so that the decisions below can be checked in every interleaving without a
 * scheduler).
 *
 * <p>Threads: {@link #adopt}, {@link #bodyFailed}, {@link #bodyEnded}, {@link #stop} and {@link #failure}
 * on the owner's thread (the task's runner, one at a time); {@link #childEnded} on the thread that
 * finished the child, or a closing scheduler's thread that abandoned it.
 *
 * <p>Invariants (the fields below are guarded by this object's monitor, held only for short edits (a
 * failure is compared with those recorded before, which are only the children that failed before they
 * could be cancelled) and a copy of the children, never while calling the subclass's actions ({@link #cancel}, {@link #stopOwner},
 * {@link #drained}), since a task's cancellation and a promise's completion run other code):
 * <ul>
 *   <li>{@link #children} holds the adopted children whose end the scope has not heard of; {@link #drained}
 *       is called once the body has ended and that set is empty, by whichever of {@link #bodyEnded} and
 *       {@link #childEnded} made it so (both decide under the monitor, so exactly one sees the condition
 *       become true, and it is called once).
 *   <li>Once {@link #stopping} is set it stays set, and every child is cancelled: those in the set by
 *       whoever set it (from a copy taken under the monitor), those adopted later by {@link #adopt}
 *       itself (it reads the flag under the monitor). So no child escapes a stopping scope. Nothing else
 *       cancels a child: in a supervisor scope a child's failure cancels nobody.
 *   <li>A child's end is heard once. A child that ended before its adoption (only a closing scheduler
 *       abandoning it in between) is marked ({@link #markEndHeard}) under the monitor, so adopt skips it.
 *   <li>The failures ({@link #firstFailure}, {@link #otherFailures}) are complete when {@link #drained}
 *       is called: every child recorded its failure before. The first one recorded is the one thrown; the
 *       others are suppressed in it, each once. The owner reads them after it was let go, under the monitor.
 * </ul>
 *
 * @param <C> a child
 */
abstract class ScopeState<C> {
    /** A supervisor scope: a child's failure is its own, not the scope's. */
    final boolean supervisor;

    // guarded by this
    /** In spawn order, so the children are cancelled in an order that a TestScheduler's seed replays. */
    private final Set<C> children = new LinkedHashSet<>();
    private boolean bodyEnded;
    private boolean stopping;
    private Throwable firstFailure;
    private List<Throwable> otherFailures;

    ScopeState(boolean supervisor) {
        this.supervisor = supervisor;
    }

    // ---------------------------------------------------------------- the subclass's actions (outside the monitor)

    /** Cancels {@code child}, which will end (if it has not already) and tell {@link #childEnded}. */
    abstract void cancel(C child);

    /** A child's failure stops the owner's code inside the scope (a plain scope only). */
    abstract void stopOwner();

    /** The body and every adopted child have ended: the owner's wait is over. Called once. */
    abstract void drained();

    // ---------------------------------------------------------------- the mark on a child (under the monitor)

    /** Whether the scope has heard of {@code child}'s end. */
    abstract boolean endHeard(C child);

    /** The scope hears of {@code child}'s end. */
    abstract void markEndHeard(C child);

    // ---------------------------------------------------------------- transitions

    /** Owner's thread, after spawning {@code child} and before queuing it. */
    final void adopt(C child) {
        boolean cancel;
        synchronized (this) {
            if (endHeard(child)) {
                return; // abandoned by a closing scheduler before it was adopted
            }
            children.add(child);
            cancel = stopping;
        }
        if (cancel) {
            cancel(child);
        }
    }

    /**
     * A child has ended, with {@code failure} (its exception, a cancellation included) or null (a value).
     * Any thread. In a plain scope a failure that is not a cancellation is the scope's: recorded, and the
     * scope stops (its other children are cancelled, and its owner's code inside the scope is stopped).
     */
    final void childEnded(C child, Throwable failure) {
        boolean countsAsFailure = failure != null && !supervisor && !(failure instanceof CancellationException);
        List<C> toCancel = null;
        boolean drainedNow;
        synchronized (this) {
            markEndHeard(child);
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
            for (C c : toCancel) {
                cancel(c);
            }
        }
        if (countsAsFailure) {
            stopOwner();
        }
        if (drainedNow) {
            drained();
        }
    }

    /**
     * Owner's thread: the body threw. A cancellation is no failure (it is the task's cancellation, a
     * timeout, or the stop a child's failure caused), but the children stop either way.
     */
    final void bodyFailed(Throwable t) {
        if (!(t instanceof CancellationException)) {
            synchronized (this) {
                record(t);
            }
        }
        stop();
    }

    /** Owner's thread: the body has ended; the scope now waits for its children only. */
    final void bodyEnded() {
        boolean drainedNow;
        synchronized (this) {
            bodyEnded = true;
            drainedNow = children.isEmpty();
        }
        if (drainedNow) {
            drained();
        }
    }

    /** Cancels every child, now and later adopted ones. */
    final void stop() {
        List<C> toCancel;
        synchronized (this) {
            if (stopping) {
                return; // whoever set it cancelled the children then
            }
            stopping = true;
            toCancel = new ArrayList<>(children);
        }
        for (C c : toCancel) {
            cancel(c);
        }
    }

    /**
     * Under the monitor: the first failure, or one more. The same exception object is recorded once;
     * compared by identity, since an exception class may define equals, and two failures it calls equal
     * are still two failures.
     */
    private void record(Throwable t) {
        if (firstFailure == null) {
            firstFailure = t;
            return;
        }
        if (t == firstFailure || isRecordedOther(t)) {
            return;
        }
        if (otherFailures == null) {
            otherFailures = new ArrayList<>(2);
        }
        otherFailures.add(t);
    }

    private boolean isRecordedOther(Throwable t) {
        if (otherFailures != null) {
            for (Throwable other : otherFailures) {
                if (other == t) {
                    return true;
                }
            }
        }
        return false;
    }

    /** After the children have all ended: the first failure with the others suppressed, or null. */
    final synchronized Throwable failure() {
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
