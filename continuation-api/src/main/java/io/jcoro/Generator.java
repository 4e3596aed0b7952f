package io.jcoro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
 * pulled to its end never finishes.
 *
 * <p><b>Early termination.</b> The iterator is an {@link Iteration}, which is {@link AutoCloseable}:
 * closing it while the body is suspended in a {@code yield} makes that {@code yield} throw a
 * {@link GeneratorClosedException}, so the body's {@code finally} blocks and try-with-resources run
 * before the run ends (as Python's {@code generator.close()}). A consumer that may stop early should
 * therefore iterate in a try-with-resources:
 *
 * <pre>{@code
 * try (Generator.Iteration<String> lines = linesOf(path).iterator()) {
 *     while (lines.hasNext()) {
 *         String line = lines.next();
 *         if (line.isEmpty()) {
 *             break;                  // the close runs the body's finally: the file is closed
 *         }
 *         ...
 *     }
 * }
 * }</pre>
 *
 * A plain for-each loop cannot close its iterator: a {@code break} (or an exception) out of it leaves
 * the body suspended, its {@code finally} blocks never run, and the run is garbage like any object.
 * {@link #stream()} closes its run when the stream is closed, and {@link #forEach} closes its run when
 * the action throws.
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
         * @throws GeneratorClosedException when the consumer closed the iteration while this yield waited
         *     (see {@link Iteration#close()}): let it through, so that the body's finally blocks run and the
         *     run ends
         * @throws IllegalStateException when called outside this run's body (from another continuation,
         *     or after the run ended), or after the run was closed (the body caught the
         *     {@code GeneratorClosedException} and went on)
         */
        @Suspendable
        void yield(T value);

        /**
         * Yields every value of {@code values}, in order (for a generator delegating to another). When
         * {@code values} is a {@link Generator} (its iterator an {@link Iteration}), a close of this run
         * closes that one too, so the inner body's finally blocks run as well.
         */
        @Suspendable
        default void yieldAll(Iterable<? extends T> values) {
            Iterator<? extends T> it = values.iterator();
            if (it instanceof Iteration) {
                try (Iteration<? extends T> run = (Iteration<? extends T>) it) {
                    while (run.hasNext()) {
                        this.yield(run.next());
                    }
                }
                return;
            }
            while (it.hasNext()) {
                this.yield(it.next());
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

    /**
     * One run of a generator's body, as an iterator that can end the run early. Not thread-safe, as any
     * iterator: one thread at a time may call its methods, {@code close()} included.
     */
    public interface Iteration<T> extends Iterator<T>, AutoCloseable {
        /**
         * Ends the run. When the body is suspended in a {@code yield}, that {@code yield} throws a
         * {@link GeneratorClosedException}, and this call runs the body on the calling thread while it
         * unwinds (its {@code finally} blocks and try-with-resources run) until the run ends; then swallows
         * that exception. Does nothing when the body has not started (it never will) or has ended. After
         * it, {@code hasNext()} answers {@code false}.
         *
         * @throws RuntimeException (or Error) what the body threw while unwinding instead of the
         *     {@code GeneratorClosedException} (a {@code finally} block that failed), as is, with the
         *     {@code GeneratorClosedException} attached as suppressed to say it happened during a close;
         *     or what a resource of a try-with-resources in the body threw from its {@code close()}
         *     (which the try-with-resources attached to the {@code GeneratorClosedException}: it is not
         *     swallowed with it), as is, or wrapped in an {@code IllegalStateException} when checked
         * @throws IllegalStateException when the body caught the {@code GeneratorClosedException} and
         *     yielded again, or suspended without yielding while unwinding (the run is then abandoned:
         *     the body's remaining {@code finally} blocks do not run), or when the body closes its own
         *     iteration
         */
        @Override
        void close();
    }

    /** Starts a fresh, lazy run of the body: the body does not run before the first {@code hasNext()}. */
    @Override
    public Iteration<T> iterator() {
        return new Run<>(body);
    }

    /**
     * A sequential, ordered stream over a fresh run of the body; closing the stream closes the run (see
     * {@link Iteration#close()}). A short-circuiting operation ({@code findFirst}, {@code limit},
     * {@code anyMatch}) leaves the body suspended: use the stream in a try-with-resources for the body's
     * {@code finally} blocks to run.
     */
    public Stream<T> stream() {
        Iteration<T> run = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(run, Spliterator.ORDERED), false)
                .onClose(run::close);
    }

    /**
     * Runs {@code action} on every value of a fresh run, and closes the run when {@code action} throws
     * (a failure of that close is attached to the action's exception as suppressed).
     */
    @Override
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        try (Iteration<T> run = iterator()) {
            while (run.hasNext()) {
                action.accept(run.next());
            }
        }
    }

    @Override
    public String toString() {
        return "Generator[" + body + "]";
    }

    /**
     * One run of the body: the iterator and the yielder at once.
     *
     * <p>Threads: touched by one thread at a time, the consumer's (the body runs on it, inside
     * {@link #advance} or {@link #close}), as any iterator; so it needs no synchronization, and a
     * consumer that hands the iterator to another thread provides the happens-before edge itself.
     *
     * <p>States: PENDING: no value at hand, the body not started ({@code !started}) or suspended in a
     * yield whose value was taken; READY: the body is suspended in a yield and {@link #value} holds its
     * value; RESUMING: the body is running (inside advance or close); ENDED: the run is over and
     * {@link #continuation} is null. {@link #closing} is set once, by close, before it resumes the body
     * for the last time; from then on a yield does not suspend for a value: the pending one throws
     * {@link #closeSignal}, the next one {@link #ignoredClose}, and any later one suspends for good (close
     * abandons the run there, so a body that swallows every exception in a loop cannot spin).
     */
    private static final class Run<T> implements Iteration<T>, Yielder<T> {
        private static final int PENDING = 0, READY = 1, RESUMING = 2, ENDED = 3;

        private Continuation continuation;
        private int state = PENDING;
        private T value;
        /** Whether the body was ever resumed: closing a run that never started has nothing to unwind. */
        private boolean started;
        /** Set by {@link #close} on a suspended run: the body is unwinding, it must not yield a value. */
        private boolean closing;
        /** What the pending yield threw when the run was closed; the close swallows exactly this one. */
        private GeneratorClosedException closeSignal;
        /** What a yield after the close threw: the body swallowed the close signal; the close rethrows it. */
        private IllegalStateException ignoredClose;

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
                throw new NoSuchElementException("the generator's body has ended (or its iteration was closed)");
            }
            T v = value;
            value = null; // the iterator does not keep a value the consumer has taken
            state = PENDING;
            return v;
        }

        /** Runs the body to its next yield (READY) or its end (ENDED); rethrows what the body threw. */
        private void advance() {
            state = RESUMING;
            started = true;
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

        @Override
        public void close() {
            if (state == ENDED) {
                return;
            }
            if (state == RESUMING) {
                throw new IllegalStateException("a generator's body closed its own iteration; only its consumer may");
            }
            if (!started) {
                end(); // the body never ran: nothing to unwind
                return;
            }
            // the body is suspended in a yield (READY or PENDING): resume it so that the yield throws
            closing = true;
            value = null;
            state = RESUMING;
            try {
                continuation.resume();
            } catch (Throwable t) {
                GeneratorClosedException signal = closeSignal; // made by the yield, whose frames its trace shows
                end();
                if (ignoredClose != null) {
                    if (t != ignoredClose && t != signal) {
                        ignoredClose.addSuppressed(t);
                    }
                    throw ignoredClose;
                }
                if (t == signal) {
                    rethrowCleanupFailure(signal);
                    return; // unwound through every finally block: the close succeeded
                }
                if (signal != null && !causedBy(t, signal)) {
                    t.addSuppressed(signal); // says that t happened while the body unwound from a close
                }
                throw t;
            }
            boolean finished = continuation.isDone();
            end();
            if (ignoredClose != null) {
                throw ignoredClose; // it yielded again after that: abandoned in that yield, without unwinding
            }
            if (!finished) {
                throw new IllegalStateException("a generator's body suspended without yielding while it unwound "
                        + "from a close (an Async.await that suspends, or Continuation.suspend(), in a finally "
                        + "block?); the run is abandoned there, its remaining finally blocks did not run");
            }
            // the body caught the signal and returned without yielding again: fine, as in Python
        }

        /**
         * Throws what a try-with-resources of the body attached to {@code signal}: a resource that failed
         * to close while the body unwound. The first failure is thrown, with the others attached to it.
         */
        private static void rethrowCleanupFailure(GeneratorClosedException signal) {
            Throwable[] failures = signal.getSuppressed();
            if (failures.length == 0) {
                return;
            }
            Throwable first = failures[0];
            for (int i = 1; i < failures.length; i++) {
                first.addSuppressed(failures[i]);
            }
            if (first instanceof RuntimeException) {
                throw (RuntimeException) first;
            }
            if (first instanceof Error) {
                throw (Error) first;
            }
            throw new IllegalStateException("a resource of a generator's body failed to close while the body "
                    + "unwound from a close of its iteration: " + first, first);
        }

        private static boolean causedBy(Throwable t, Throwable cause) {
            for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
                if (c == cause) {
                    return true;
                }
            }
            return false;
        }

        private void end() {
            state = ENDED;
            value = null;
            continuation = null; // lets the body's frames go
        }

        @Override
        @Suspendable
        public void yield(T v) {
            if (state != RESUMING || Continuation.current() != continuation) {
                throw new IllegalStateException("Yielder.yield called outside the body run it belongs to (from "
                        + "another generator's body, another thread, or after the run ended)");
            }
            if (closing) {
                if (ignoredClose == null) {
                    ignoredClose = new IllegalStateException("a generator's body yielded after its iteration was "
                            + "closed: it caught the GeneratorClosedException that its pending yield threw and went "
                            + "on; it must let it through (or rethrow it) so that the run can end");
                    throw ignoredClose;
                }
                // it swallowed that too: suspend for good; close abandons the run here without unwinding it
                Continuation.suspend();
                throw ignoredClose; // unreachable: close drops the continuation and nothing resumes it
            }
            value = v;
            state = READY;
            Continuation.suspend();
            if (closing) {
                closeSignal = new GeneratorClosedException(); // here, so that its stack trace shows the yield
                throw closeSignal; // resumed by close: unwind the body
            }
        }
    }
}
