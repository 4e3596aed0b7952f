package io.jcoro;

import io.jcoro.internal.PromiseListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link Promise} with Lincheck: completions and failures race listeners being pushed and
 * withdrawn (each withdrawal may sweep the stack). In every interleaving up to the bounds:
 * {@code complete} and {@code fail} are linearizable (exactly one wins), no operation throws, every
 * listener that was not withdrawn runs exactly once with the promise's outcome once it settled and not
 * before, a withdrawn one never runs, and while the promise is pending no live listener has been lost
 * from its stack.
 *
 * <p>Found: a sweep walking the stack while the settling thread reversed it (or another sweeper cleared
 * the links of the nodes it replaced) could meet a null link and throw a {@code NullPointerException}
 * out of the await that gave up.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:2")
public class PromiseLincheckTest {
    /** A listener like a task's wake-up: runs once, or is withdrawn first, never both. */
    static final class Listener extends PromiseListener {
        static final int LIVE = 0, RAN = 1, WITHDRAWN = 2;
        final AtomicInteger state = new AtomicInteger(LIVE);
        final AtomicInteger calls = new AtomicInteger();
        volatile Object seenValue;
        volatile Throwable seenError;

        @Override
        public void settled(Object value, Throwable error) {
            calls.incrementAndGet();
            if (state.compareAndSet(LIVE, RAN)) {
                seenValue = value;
                seenError = error;
            }
        }

        @Override
        public boolean withdrawn() {
            return state.get() == WITHDRAWN;
        }
    }

    private static final RuntimeException FAILURE = new RuntimeException("failed");
    private static final int MAX_LISTENERS = 16;

    private final Promise<Integer> promise = Promise.create();
    /** Every listener pushed so far, in the order their pushes began. */
    private final AtomicReferenceArray<Listener> listeners = new AtomicReferenceArray<>(MAX_LISTENERS);
    private final AtomicInteger pushed = new AtomicInteger();

    @Operation
    public boolean complete(@Param(name = "value") int value) {
        return promise.complete(value);
    }

    @Operation
    public boolean fail() {
        return promise.fail(FAILURE);
    }

    /** Pushes a listener that stays: a {@code whenComplete}, or an await that waits. */
    @Operation
    public void listen() {
        push();
    }

    /**
     * Pushes a listener, then withdraws it unless it ran meanwhile, as an await whose timeout ran out
     * does; the withdrawal tells the promise, which may sweep.
     */
    @Operation
    public void listenAndGiveUp() {
        Listener listener = push();
        if (listener.state.compareAndSet(Listener.LIVE, Listener.WITHDRAWN)) {
            promise.listenerWithdrawn();
        }
    }

    private Listener push() {
        Listener listener = new Listener();
        listeners.set(pushed.getAndIncrement(), listener);
        promise.listen(listener);
        return listener;
    }

    @Validate
    public void everyLiveListenerRanOnceWithTheOutcome() {
        int live = 0;
        for (int i = 0; i < pushed.get(); i++) {
            Listener listener = listeners.get(i);
            if (listener == null) {
                continue;
            }
            int state = listener.state.get();
            if (state == Listener.WITHDRAWN) {
                if (listener.calls.get() > 1) {
                    throw new IllegalStateException("listener " + i + ": a withdrawn listener was run " + listener.calls.get() + " times");
                }
                continue;
            }
            if (!promise.isDone()) {
                if (state != Listener.LIVE || listener.calls.get() != 0) {
                    throw new IllegalStateException("listener " + i + ": a listener ran before the promise settled");
                }
                live++;
                continue;
            }
            if (state != Listener.RAN || listener.calls.get() != 1) {
                throw new IllegalStateException("listener " + i + ": a live listener of a settled promise ran "
                        + listener.calls.get() + " times");
            }
            boolean failed = promise.isFailed();
            if (failed ? listener.seenError != FAILURE || listener.seenValue != null
                    : listener.seenError != null || !promise.resultNow().equals(listener.seenValue)) {
                throw new IllegalStateException("listener " + i + ": the listener saw " + listener.seenValue + " / "
                        + listener.seenError + ", the promise is " + promise);
            }
        }
        if (!promise.isDone() && promise.listenerCount() < live) {
            throw new IllegalStateException("a live listener was lost from the stack: " + live + " live, "
                    + promise.listenerCount() + " on the stack");
        }
    }

    @Test
    void settlingRacesListenersBeingPushedWithdrawnAndSwept() {
        LinChecker.check(PromiseLincheckTest.class, new ModelCheckingOptions()
                .iterations(15)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0));
    }
}
