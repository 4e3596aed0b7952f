package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the state machine of {@link Coroutines#scope} and {@link Coroutines#supervisorScope}
 * ({@link ScopeState}, which {@link StructuredScope} drives) with Lincheck, its children plain objects with
 * a task's cancel state (ACTIVE, then CANCELLED by the scope or ENDED by their body, whichever comes first).
 * The owner's thread (one, as a task runs on one thread at a time) has spawned two children when the
 * operations begin, and may spawn more (adopt them, then queue them), ends its body by returning or throwing (or, once the scope is stopped, by the pending await
 * throwing the stop), then waits for the scope to drain as {@code StructuredScope.execute} does: a stop
 * request seen in that wait stops the scope and waits on, shielded. On the other threads queued children
 * end with a value or a failure (as on parallel(2) and more), someone cancels the owner (or its
 * {@code withTimeout} runs out), and a closing scheduler abandons the children that have not ended, one of
 * them perhaps between its spawn and its adoption.
 *
 * <p>Checked in every interleaving up to the bounds (each operation records the first broken rule it
 * sees; the validation throws it):
 * <ul>
 *   <li>the scope drains once, only after the body ended and every child has ended (no child outlives a
 *       completed scope), and it does drain once they have (no lost completion);
 *   <li>once a stop (a child's failure in a plain scope, the body's failure, the owner's stop) has
 *       finished, no child runs to its end uncancelled, and none is left running uncancelled (no child
 *       escapes a stopping scope); nothing else cancels a child: in a supervisor scope a child's failure
 *       cancels nobody, and it does not stop the owner;
 *   <li>the owner throws one of the failures (the body's, and a plain scope's children's), with every
 *       other one suppressed in it once, and none recorded before it in real time (the first one wins).
 * </ul>
 * The checker is shown to find the lost completion of a scope that forgets the mark on a child abandoned
 * before its adoption (adopt then waits for a child that has already ended).
 */
public class StructuredScopeLincheckTest {
    static final int RUNNING = 0, CANCELLED = 1, ENDED = 2;
    static final int BODY = 0, AWAIT = 1, SHIELDED = 2, DONE = 3;

    /** A child task. */
    static final class Child {
        final int n;
        /** RUNNING → CANCELLED (cancelled by the scope, or abandoned) or RUNNING → ENDED (its body ended first). */
        final AtomicInteger state = new AtomicInteger(RUNNING);
        /** Taken by the one run that ends it, or the closing scheduler that abandons it. */
        final AtomicBoolean ending = new AtomicBoolean();
        /** Its end is being (or has been) told to the scope. */
        volatile boolean reported;
        /** The scope's mark that it heard of the end: guarded by the scope's monitor. */
        boolean endHeard;

        Child(int n) {
            this.n = n;
        }

        /**
         * Fixed, not the identity hash: Lincheck gives objects a deterministic identity hash code while it runs
         * a scenario, so the children spawned in the constructor, before it, were not found in the scope's set.
         */
        @Override
        public int hashCode() {
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public String toString() {
            return "child " + n;
        }
    }

    /** A failure of a child or of the body: how many recorded failures had been told to the scope before it. */
    static final class Failure extends RuntimeException {
        final int recordedBefore;

        Failure(String who, int recordedBefore) {
            super(who + " failed", null, true, false);
            this.recordedBefore = recordedBefore;
        }
    }

    /** A scope, its owner, its children and the checks. */
    public abstract static class Model {
        private final boolean supervisor;
        private final boolean forgetsEarlyEnds;
        private final Scope scope;
        /** The first broken rule seen. */
        private final AtomicReference<String> violation = new AtomicReference<>();

        /** Children made (counted unfinished by the scheduler, so a closing one abandons them), in spawn order. */
        private final ConcurrentLinkedQueue<Child> spawned = new ConcurrentLinkedQueue<>();
        /** Children adopted and queued: a run may end them. */
        private final ConcurrentLinkedQueue<Child> queued = new ConcurrentLinkedQueue<>();

        // the owner's thread only
        private int spawns;
        private int phase = BODY;
        private Throwable thrown;

        private volatile boolean bodyEnded;
        /** The owner was cancelled or its withTimeout ran out. */
        private volatile boolean cancelRequested;
        /** A child's failure stopped the owner's code in the scope ({@link ScopeState#stopOwner}). */
        private volatile boolean expired;
        private volatile boolean closed;
        private final AtomicInteger drains = new AtomicInteger();
        /** Calls that stop the scope (a counted child failure, the body's failure, the owner's stop): begun, returned. */
        private final AtomicInteger stopsBegun = new AtomicInteger();
        private final AtomicInteger stopsReturned = new AtomicInteger();
        /** Calls that record a failure, returned. */
        private final AtomicInteger recordsReturned = new AtomicInteger();
        /** The failures the scope must throw: the body's and, in a plain scope, the children's. */
        private final ConcurrentLinkedQueue<Failure> counted = new ConcurrentLinkedQueue<>();

        Model(boolean supervisor, boolean forgetsEarlyEnds) {
            this.supervisor = supervisor;
            this.forgetsEarlyEnds = forgetsEarlyEnds;
            this.scope = new Scope(supervisor);
            // the body has spawned two children before the operations below begin, so every scenario has some
            spawn();
            spawn();
        }

        private void violated(String rule) {
            violation.compareAndSet(null, rule);
        }

        /** The state machine acting on the model's children and owner. */
        final class Scope extends ScopeState<Child> {
            Scope(boolean supervisor) {
                super(supervisor);
            }

            @Override
            void cancel(Child child) {
                if (stopsBegun.get() == 0) {
                    violated("cancelled " + child + " with no stop begun (a supervisor scope cancels nobody for a "
                            + "child's failure)");
                }
                child.state.compareAndSet(RUNNING, CANCELLED);
            }

            @Override
            void stopOwner() {
                if (supervisor) {
                    violated("a child's failure stopped the owner of a supervisor scope");
                }
                expired = true;
            }

            @Override
            void drained() {
                if (drains.incrementAndGet() > 1) {
                    violated("drained twice");
                }
                if (!bodyEnded) {
                    violated("drained before the body ended");
                }
                for (Child c : spawned) {
                    if (!c.reported) {
                        violated("a child outlived its scope: " + c + " had not ended when the scope drained");
                    }
                }
            }

            @Override
            boolean endHeard(Child child) {
                return child.endHeard && !forgetsEarlyEnds;
            }

            @Override
            void markEndHeard(Child child) {
                child.endHeard = true;
            }
        }

        private boolean stopRequested() {
            return cancelRequested || expired;
        }

        // ---------------------------------------------------------------- the owner's thread

        /** The body spawns a child: made, adopted, queued. Once the body has ended: the owner's wait goes on. */
        @Operation(nonParallelGroup = "owner")
        public void spawn() {
            if (phase != BODY) {
                awaitStep();
                return;
            }
            if (closed) {
                return; // the scheduler rejects the spawn
            }
            Child c = new Child(++spawns);
            spawned.add(c);
            scope.adopt(c);
            queued.add(c);
        }

        /**
         * The body returns, or, when the scope is stopped, its pending await throws the stop. Once the body
         * has ended: the owner's wait goes on.
         */
        @Operation(nonParallelGroup = "owner")
        public void bodyReturns() {
            if (phase != BODY) {
                awaitStep();
                return;
            }
            if (stopRequested()) {
                thrown = new CancellationException("stopped");
                stopsBegun.incrementAndGet();
                scope.bodyFailed(thrown);
                stopsReturned.incrementAndGet();
            }
            endBody();
        }

        /** The body throws a failure of its own. Once the body has ended: the owner's wait goes on. */
        @Operation(nonParallelGroup = "owner")
        public void bodyThrows() {
            if (phase != BODY) {
                awaitStep();
                return;
            }
            Failure f = new Failure("the body", recordsReturned.get());
            thrown = f;
            counted.add(f);
            stopsBegun.incrementAndGet();
            scope.bodyFailed(f);
            stopsReturned.incrementAndGet();
            recordsReturned.incrementAndGet();
            endBody();
        }

        private void endBody() {
            bodyEnded = true;
            scope.bodyEnded();
            phase = AWAIT;
            awaitStep();
        }

        /** The owner's await of the drained promise: returns if it completed, else throws a stop request once. */
        private void awaitStep() {
            if (phase == DONE) {
                return;
            }
            if (drains.get() == 0 && phase == AWAIT && stopRequested()) {
                stopsBegun.incrementAndGet();
                scope.stop();
                stopsReturned.incrementAndGet();
                if (thrown == null) {
                    thrown = new CancellationException("stopped");
                }
                phase = SHIELDED;
            }
            if (drains.get() > 0) {
                scopeEnds();
            }
        }

        /** The scope returns or throws: check what. */
        private void scopeEnds() {
            phase = DONE;
            for (Child c : spawned) {
                if (!c.reported) {
                    violated("a child outlived its scope: " + c + " had not ended when the owner went on");
                }
            }
            Throwable failure = scope.failure();
            List<Failure> expected = new ArrayList<>(counted);
            if (expected.isEmpty()) {
                if (failure != null) {
                    violated("the scope threw " + failure + " with no failure");
                }
                return;
            }
            if (!(failure instanceof Failure) || !expected.contains(failure)) {
                violated("the scope threw " + failure + ", not one of the failures " + expected);
                return;
            }
            Failure first = (Failure) failure;
            if (first.recordedBefore > 0) {
                violated("the first failure lost: the scope threw " + first + ", told to it after "
                        + first.recordedBefore + " other failure(s) were recorded, of " + expected);
            }
            List<Throwable> suppressed = Arrays.asList(first.getSuppressed());
            expected.remove(first);
            if (suppressed.size() != expected.size() || !suppressed.containsAll(expected)) {
                violated("the scope threw " + first + " with " + suppressed + " suppressed, not the others of " + expected);
            }
        }

        // ---------------------------------------------------------------- any thread

        /** The oldest queued child that no run has taken ends with its value. */
        @Operation
        public void childReturns() {
            endChild(false);
        }

        /** The oldest queued child that no run has taken ends with a failure. */
        @Operation
        public void childFails() {
            endChild(true);
        }

        private void endChild(boolean fails) {
            Child c = null;
            for (Child q : queued) {
                if (q.ending.compareAndSet(false, true)) {
                    c = q;
                    break;
                }
            }
            if (c == null) {
                return;
            }
            // every stop begun before here has returned: whoever set the scope stopping has cancelled its children
            int returned = stopsReturned.get();
            boolean stopped = returned > 0 && returned == stopsBegun.get();
            boolean bodyWon = c.state.compareAndSet(RUNNING, ENDED);
            if (stopped && bodyWon) {
                violated("a child escaped a stopping scope: " + c + " ran to its end uncancelled after the scope stopped");
            }
            Throwable failure = !bodyWon ? new CancellationException(c + " was cancelled")
                    : fails ? new Failure(c.toString(), recordsReturned.get()) : null;
            boolean counts = failure instanceof Failure && !supervisor;
            if (counts) {
                counted.add((Failure) failure);
                stopsBegun.incrementAndGet();
            }
            c.reported = true;
            scope.childEnded(c, failure);
            if (counts) {
                stopsReturned.incrementAndGet();
                recordsReturned.incrementAndGet();
            }
        }

        /** Someone cancels the owner (or its withTimeout runs out): its next await throws. */
        @Operation
        public void cancelOwner() {
            cancelRequested = true;
        }

        /** A closing scheduler abandons every child that has not ended (it cancels it; the end carries no failure). */
        @Operation
        public void closeScheduler() {
            closed = true;
            for (Child c : spawned) {
                if (c.ending.compareAndSet(false, true)) {
                    c.state.compareAndSet(RUNNING, CANCELLED);
                    c.reported = true;
                    scope.childEnded(c, null);
                }
            }
        }

        @Validate
        public void check() {
            if (drains.get() > 0 && phase != DONE) {
                scopeEnds(); // the owner's operations ran out before it saw the scope drain: it would go on now
            }
            String v = violation.get();
            if (v != null) {
                throw new IllegalStateException(v);
            }
            boolean allEnded = true;
            for (Child c : spawned) {
                allEnded &= c.reported;
            }
            if (bodyEnded && allEnded && drains.get() == 0) {
                throw new IllegalStateException("lost completion: the body and every child have ended, but the scope "
                        + "never drained");
            }
            if (stopsReturned.get() > 0) {
                for (Child c : queued) {
                    if (!c.ending.get() && c.state.get() != CANCELLED) {
                        throw new IllegalStateException("a child escaped a stopping scope: " + c
                                + " runs on uncancelled after the scope stopped");
                    }
                }
            }
        }
    }

    public static class PlainScope extends Model {
        public PlainScope() {
            super(false, false);
        }
    }

    public static class SupervisorScope extends Model {
        public SupervisorScope() {
            super(true, false);
        }
    }

    /** Forgets that a child abandoned between its spawn and its adoption has ended: adopt waits for it. */
    public static class ForgetsEarlyEnds extends Model {
        public ForgetsEarlyEnds() {
            super(false, true);
        }
    }

    private static ModelCheckingOptions options(int iterations) {
        return new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(100)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1);
    }

    @Test
    void noInterleavingOfAPlainScopeLosesACompletionLetsAChildEscapeOrLosesTheFirstFailure() {
        LinChecker.check(PlainScope.class, options(30));
    }

    @Test
    void noInterleavingOfASupervisorScopeLosesACompletionOrCancelsForAChildsFailure() {
        LinChecker.check(SupervisorScope.class, options(30));
    }

    @Test
    void theCheckerFindsTheLostCompletionOfAScopeThatForgetsAChildAbandonedBeforeItsAdoption() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> LinChecker.check(ForgetsEarlyEnds.class, options(100).minimizeFailedScenario(false)));
        assertTrue(e.getMessage().contains("lost completion"), e.getMessage());
    }
}
