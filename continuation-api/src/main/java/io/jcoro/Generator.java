package io.jcoro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A lazy {@link Iterable} whose values a body emits with {@link Yielder#yield yield}, as Python's or
 * Kotlin's {@code sequence {}} generators:
 *
 * <pre>{@code
 * Generator<Long> fibonacci = Generator.of(out -> {
 *     long a = 0, b = 1;
 *     while (true) {
 *         out.yield(a);
 *         long next = a + b;
 *         a = b;
 *         b = next;
 *     }
 * });
 * for (long f : fibonacci) { ... }   // an endless body is fine: it runs only as far as the loop pulls
 * }</pre>
 *
 * <p>Each {@link #iterator()} starts a fresh run of the body in its own {@link Continuation}: two
 * iterators of one generator are independent and each sees every value. A run is lazy: the body runs
 * on the consumer's thread, inside {@code hasNext()} (or {@code next()}), up to its next {@code yield},
 * which suspends it; so the body runs only as far as the consumer pulls, and a body that is never
 * pulled to its end never finishes (nothing to close: an abandoned run is garbage like any object).
 *
 * <p>A body may call {@link Suspendable} methods that yield (a recursive tree walk), and may itself
 * iterate other generators (their continuations run nested inside its own). A failure of the body
 * reaches the consumer after the values emitted before it: the {@code hasNext()} (or {@code next()})
 * that would have produced the next value throws what the body threw, and the iterator is exhausted
 * after that.
 *
 * <p>Needs the jcoro agent, as any suspension does: without it the first {@code yield} throws
 * {@link IllegalStateException}. The body must suspend only by yielding: an {@code Async.await} that
 * suspends (or a bare {@link Continuation#suspend()}) inside it makes the iterator throw
 * {@link IllegalStateException}. An iterator is not thread-safe; like the continuation under it, it
 * may be used by one thread after another, never by two at once.
 *
 * @param <T> the type of the values
 */
public final class Generator<T> implements Iterable<T> {
    /** The body of a generator: emits its values through {@code out}. */
    @FunctionalInterface
    public interface Body<T> {
        @Suspendable
        void generate(Yielder<T> out);
    }

    /** Where a generator's body emits its values; valid only inside the run of the body it was given to. */
    public interface Yielder<T> {
        /**
         * Hands {@code value} to the consumer and suspends the body until the consumer asks for the next
         * value.
         *
         * @throws IllegalStateException when called outside this run's body (from another continuation,
         *     or after the run ended)
         */
        @Suspendable
        void yield(T value);

        /** Yields every value of {@code values}, in order (for a generator delegating to another). */
        @Suspendable
        default void yieldAll(Iterable<? extends T> values) {
            for (T value : values) {
                this.yield(value);
            }
        }
    }

    private final Body<T> body;

    private Generator(Body<T> body) {
        this.body = body;
    }

    /** A generator whose every iterator runs {@code body} afresh. */
    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<>(Objects.requireNonNull(body, "body"));
    }

    /** Starts a fresh, lazy run of the body: the body does not run before the first {@code hasNext()}. */
    @Override
    public Iterator<T> iterator() {
        return new Run<>(body);
    }

    @Override
    public String toString() {
        return "Generator[" + body + "]";
    }

    /**
     * One run of the body: the iterator and the yielder at once. Touched by one thread at a time (the
     * consumer's; the body runs on it, inside {@link #advance}), so it needs no synchronization.
     */
    private static final class Run<T> implements Iterator<T>, Yielder<T> {
        private static final int PENDING = 0, READY = 1, RESUMING = 2, ENDED = 3;

        private Continuation continuation;
        /** PENDING: no value at hand (the body is suspended or not started); READY: {@link #value} holds one. */
        private int state = PENDING;
        private T value;

        Run(Body<T> body) {
            this.continuation = new Continuation(() -> body.generate(this));
        }

        @Override
        public boolean hasNext() {
            if (state == PENDING) {
                advance();
            }
            if (state == RESUMING) {
                throw new IllegalStateException("a generator's body called hasNext() or next() on its own iterator");
            }
            return state == READY;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the generator's body has ended");
            }
            T v = value;
            value = null; // the iterator does not keep a value the consumer has taken
            state = PENDING;
            return v;
        }

        /** Runs the body to its next yield (READY) or its end (ENDED); rethrows what the body threw. */
        private void advance() {
            state = RESUMING;
            try {
                continuation.resume();
            } catch (Throwable t) {
                end();
                throw t; // after every value the body emitted before: each was taken before this resume
            }
            if (state == READY) {
                return; // the body yielded and is suspended
            }
            if (continuation.isDone()) {
                end();
                return;
            }
            end();
            throw new IllegalStateException("a generator's body suspended without yielding (an Async.await that "
                    + "suspends, or Continuation.suspend()); a generator's body may suspend only in yield");
        }

        private void end() {
            state = ENDED;
            continuation = null; // lets the body's frames go
        }

        @Override
        @Suspendable
        public void yield(T v) {
            if (state != RESUMING || Continuation.current() != continuation) {
                throw new IllegalStateException("Yielder.yield called outside the body run it belongs to (from "
                        + "another generator's body, another thread, or after the run ended)");
            }
            value = v;
            state = READY;
            Continuation.suspend();
        }
    }
}
