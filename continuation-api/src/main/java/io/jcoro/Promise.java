package io.jcoro;

import io.jcoro.internal.PromiseListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

/**
 * A value that becomes available later: it completes exactly once, with a value ({@link #complete})
 * or a failure ({@link #fail}); every later attempt returns {@code false} and changes nothing. Every
 * method is thread-safe: any thread may complete a promise, and any number of threads may watch it.
 *
 * <p>Inside a coroutine, {@link Async#await(Promise)} suspends until the promise settles; a scheduler
 * then resumes the coroutine on its own threads, whichever thread completed the promise.
 *
 * <p>Callbacks registered with {@link #whenComplete} run exactly once each, in registration order, on
 * the thread that completes the promise (or at once on the registering thread when the promise is
 * already settled). A callback that throws does not stop the others: its exception goes to the
 * thread's uncaught-exception handler.
 *
 * <p>The combinators follow JavaScript's {@code Promise} methods: {@link #all} fails with the first
 * failure, {@link #any} succeeds with the first success and fails with an {@link AggregateException}
 * only when every input failed, {@link #race} settles like the first input to settle, and
 * {@link #allSettled} never fails.
 */
public final class Promise<T> {
    /*
     * Implementation overview.
     *
     * State: two volatile fields. `result` is null while pending and is set once, by the CAS in
     * settle(), to the outcome (the value, NULL for null, or a Failure). `callbacks` is a Treiber stack
     * of PromiseListener nodes, newest first, and becomes SETTLED, for good, by the swap that follows
     * that CAS. `sweepCredit` is a hint for when to sweep withdrawn nodes.
     *
     * Invariants:
     *  I1. result goes from null to an outcome once and never changes again (the CAS from null).
     *  I2. callbacks == SETTLED implies result != null: settle() writes result before it swaps.
     *  I3. Every node pushed on the stack runs exactly once: either the settling thread takes it with
     *      the swap (a push that lost to the swap retries, sees SETTLED and runs the node itself), or
     *      a sweep replaced it by a Forward copy that runs it instead, or it was withdrawn and so does
     *      nothing when run. No node is run by two threads: only the one thread whose swap took the
     *      stack walks it.
     *  I4. While a node can be reached from `callbacks`, its `next` does not change (see sweep()).
     *
     * Which thread touches what:
     *  - any thread: listen() pushes (writes node.next before the CAS that publishes it);
     *    complete()/fail() race on the CAS of `result`; the one winner swaps the stack and runs it.
     *  - the winner of the settling CAS alone rewrites the links of the stack it took (runAll()).
     *  - a withdrawing thread (an await that gave up) decrements sweepCredit and may sweep; a sweep
     *    publishes a new chain by one CAS and, only after it won, clears the links of what it replaced.
     *
     * Racy lines and why they are safe:
     *  - listen() reading SETTLED then `result`: I2, both volatile, so the result is there.
     *  - sweep() walking plain `next` links of a chain that another thread may just have taken: every
     *    step re-reads the head and gives the attempt up once it changed; its CAS would fail anyway.
     *  - sweepCredit's plain store in sweep() can lose a concurrent decrement: that only moves the
     *    next sweep, and sweeping is correct at any time.
     *
     * Model-checked by PromiseLincheckTest (complete, fail, listen, listen-and-withdraw racing; every
     * live listener runs once with the outcome).
     */
    private static final VarHandle RESULT;
    private static final VarHandle CALLBACKS;
    private static final VarHandle SWEEP_CREDIT;
    /** Stands for a {@code null} value in {@link #result}, where {@code null} means "pending". */
    private static final Object NULL = new Object();
    /** The callback stack's value once the promise settled: later callbacks run at once. */
    private static final PromiseListener SETTLED = new Callback(null);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RESULT = lookup.findVarHandle(Promise.class, "result", Object.class);
            CALLBACKS = lookup.findVarHandle(Promise.class, "callbacks", PromiseListener.class);
            SWEEP_CREDIT = lookup.findVarHandle(Promise.class, "sweepCredit", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null} while pending; then the value ({@link #NULL} for null) or a {@link Failure}. */
    private volatile Object result;
    /**
     * A Treiber stack of callbacks waiting for the result, newest first; {@link #SETTLED} once run. A
     * node's {@code next} never changes while the node can be reached from here (see {@link #sweep}).
     */
    private volatile PromiseListener callbacks;
    /**
     * How many more listeners may be withdrawn before the next {@link #sweep}: half the live ones the
     * last sweep kept. A hint: a lost update only moves a sweep, and sweeping is safe at any time.
     */
    private volatile int sweepCredit;

    private Promise() {}

    public static <T> Promise<T> create() {
        return new Promise<>();
    }

    public static <T> Promise<T> completed(T value) {
        Promise<T> p = new Promise<>();
        p.result = value == null ? NULL : value;
        p.callbacks = SETTLED;
        return p;
    }

    public static <T> Promise<T> failed(Throwable error) {
        Promise<T> p = new Promise<>();
        p.result = new Failure(Objects.requireNonNull(error, "error"));
        p.callbacks = SETTLED;
        return p;
    }

    /**
     * A promise that settles like {@code stage}. A {@link CompletionException} that the stage reports
     * is unwrapped to its cause, so the promise fails with the original exception.
     */
    public static <T> Promise<T> from(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        Promise<T> p = new Promise<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                p.complete(value);
            } else {
                p.fail(unwrap(error));
            }
        });
        return p;
    }

    /** Completes the promise with {@code value}; {@code false} when it had settled already. */
    public boolean complete(T value) {
        return settle(value == null ? NULL : value);
    }

    /** Fails the promise with {@code error}; {@code false} when it had settled already. */
    public boolean fail(Throwable error) {
        return settle(new Failure(Objects.requireNonNull(error, "error")));
    }

    /** Whether the promise has settled (completed or failed). */
    public boolean isDone() {
        return result != null;
    }

    /** Whether the promise has settled with a failure. */
    public boolean isFailed() {
        return result instanceof Failure;
    }

    /**
     * The value of a promise that completed.
     *
     * @throws IllegalStateException when the promise is pending or failed
     */
    public T resultNow() {
        Object r = result;
        if (r == null) {
            throw new IllegalStateException("the promise is pending");
        }
        if (r instanceof Failure) {
            throw new IllegalStateException("the promise failed", ((Failure) r).error);
        }
        return value(r);
    }

    /**
     * The failure of a promise that failed.
     *
     * @throws IllegalStateException when the promise is pending or completed with a value
     */
    public Throwable exceptionNow() {
        Object r = result;
        if (!(r instanceof Failure)) {
            throw new IllegalStateException(r == null ? "the promise is pending" : "the promise completed with a value");
        }
        return ((Failure) r).error;
    }

    /**
     * Runs {@code action} once with the value (and a {@code null} error) or with the failure (and a
     * {@code null} value) when the promise settles; at once on this thread when it has settled.
     */
    public void whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        Objects.requireNonNull(action, "action");
        @SuppressWarnings("unchecked")
        BiConsumer<Object, Throwable> untyped = (BiConsumer<Object, Throwable>) (BiConsumer<?, ?>) action;
        listen(new Callback(untyped));
    }

    /**
     * A new {@link CompletableFuture} that completes when this promise settles. Completing the future
     * does not complete the promise.
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        whenComplete((value, error) -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(error);
            }
        });
        return future;
    }

    @Override
    public String toString() {
        Object r = result;
        String state = r == null ? "pending" : r instanceof Failure ? "failed: " + ((Failure) r).error
                : "completed: " + value(r);
        return "Promise[" + state + "]";
    }

    // ---------------------------------------------------------------- combinators

    /**
     * Completes with every input's value, in input order, once all inputs completed; fails with the
     * first failure as soon as one input fails. With no inputs it completes with an empty list.
     */
    public static Promise<List<Object>> all(Promise<?>... ps) {
        return all(Arrays.asList(ps));
    }

    /** Typed {@link #all(Promise[])}. */
    public static <T> Promise<List<T>> all(List<? extends Promise<? extends T>> ps) {
        List<Promise<? extends T>> inputs = List.copyOf(ps);
        Promise<List<T>> out = new Promise<>();
        int n = inputs.size();
        if (n == 0) {
            out.complete(List.of());
            return out;
        }
        AtomicReferenceArray<Object> values = new AtomicReferenceArray<>(n);
        AtomicInteger remaining = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            inputs.get(i).whenComplete((value, error) -> {
                if (error != null) {
                    out.fail(error);
                    return;
                }
                values.set(index, value);
                if (remaining.decrementAndGet() == 0) {
                    List<T> list = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        @SuppressWarnings("unchecked")
                        T v = (T) values.get(k);
                        list.add(v);
                    }
                    out.complete(Collections.unmodifiableList(list));
                }
            });
        }
        return out;
    }

    /**
     * Completes with the first input to complete with a value. Fails only when every input failed,
     * with an {@link AggregateException} that lists every failure in input order (and carries each as
     * suppressed). With no inputs it fails at once with an empty {@link AggregateException}.
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, copied into a list
    public static <T> Promise<T> any(Promise<? extends T>... ps) {
        return any(Arrays.asList(ps));
    }

    /** {@link #any(Promise[])} over a list. */
    public static <T> Promise<T> any(List<? extends Promise<? extends T>> ps) {
        List<Promise<? extends T>> inputs = List.copyOf(ps);
        Promise<T> out = new Promise<>();
        int n = inputs.size();
        if (n == 0) {
            out.fail(new AggregateException("Promise.any: no promises given", List.of()));
            return out;
        }
        AtomicReferenceArray<Throwable> errors = new AtomicReferenceArray<>(n);
        AtomicInteger remaining = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            inputs.get(i).whenComplete((value, error) -> {
                if (error == null) {
                    out.complete(value);
                    return;
                }
                errors.set(index, error);
                if (remaining.decrementAndGet() == 0) {
                    List<Throwable> list = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        list.add(errors.get(k));
                    }
                    out.fail(new AggregateException("Promise.any: all " + n + " promises failed", list));
                }
            });
        }
        return out;
    }

    /**
     * Settles like the first input to settle, value or failure. With no inputs it stays pending
     * forever, as in JavaScript.
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, copied into a list
    public static <T> Promise<T> race(Promise<? extends T>... ps) {
        return race(Arrays.asList(ps));
    }

    /** {@link #race(Promise[])} over a list. */
    public static <T> Promise<T> race(List<? extends Promise<? extends T>> ps) {
        Promise<T> out = new Promise<>();
        for (Promise<? extends T> p : List.copyOf(ps)) {
            p.whenComplete((value, error) -> {
                if (error == null) {
                    out.complete(value);
                } else {
                    out.fail(error);
                }
            });
        }
        return out;
    }

    /**
     * Completes, once every input settled, with one {@link Settled} per input in input order. Never
     * fails. With no inputs it completes with an empty list.
     */
    public static Promise<List<Settled<?>>> allSettled(Promise<?>... ps) {
        List<Promise<?>> inputs = List.of(ps);
        Promise<List<Settled<?>>> out = new Promise<>();
        int n = inputs.size();
        if (n == 0) {
            out.complete(List.of());
            return out;
        }
        AtomicReferenceArray<Settled<?>> outcomes = new AtomicReferenceArray<>(n);
        AtomicInteger remaining = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            inputs.get(i).whenComplete((value, error) -> {
                outcomes.set(index, error == null ? Settled.success(value) : Settled.failure(error));
                if (remaining.decrementAndGet() == 0) {
                    List<Settled<?>> list = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        list.add(outcomes.get(k));
                    }
                    out.complete(Collections.unmodifiableList(list));
                }
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- for Async

    /** Pushes {@code node} on the stack of listeners, or runs it at once when the promise has settled. */
    void listen(PromiseListener node) {
        while (true) {
            PromiseListener head = callbacks;
            if (head == SETTLED) {
                notify(node, result);
                return;
            }
            node.next = head;
            if (CALLBACKS.compareAndSet(this, head, node)) {
                return;
            }
        }
    }

    /**
     * Says that a node pushed by {@link #listen} has been withdrawn ({@link PromiseListener#withdrawn()}
     * now answers {@code true}, for good): an await that gave up. Its node stays on the stack until a
     * sweep unlinks it, which happens when withdrawals since the last sweep exceed half the live nodes
     * that sweep kept. So withdrawn nodes never outnumber the live ones (a long-lived promise awaited
     * with timeouts keeps nothing of the awaits that gave up), and a sweep, which walks the stack, costs
     * O(1) per listen and withdrawal, amortized.
     */
    void listenerWithdrawn() {
        if ((int) SWEEP_CREDIT.getAndAdd(this, -1) <= 0) {
            sweep();
        }
    }

    /**
     * Replaces the stack by one without its withdrawn nodes, in the same order.
     *
     * <p>Why this needs no lock. A node's {@code next} is written before the CAS that publishes the
     * node ({@link #listen}); after that, only by a thread that has taken the whole chain off the
     * promise, when nobody else can reach it: the settling thread after its swap ({@link #runAll}), or
     * a sweeper after its CAS below. So while a node is on the stack its link is fixed, and a sweeper
     * reads a stable chain. It does not edit that chain; it builds another: the live nodes above the
     * last withdrawn one are replaced by {@link Forward} copies, and the part below the last withdrawn
     * node is shared as it is. One CAS from the head it read publishes the new chain. The CAS fails if
     * anything changed the head meanwhile (a push, the settlement, another sweep); no ABA is possible,
     * since a node is pushed once and a replaced head never comes back. Then the sweep tries again
     * from the new head, or gives up after a few tries: the credit stays spent, so the next withdrawal
     * sweeps. After a successful CAS the replaced nodes are the sweeper's alone (a settlement or a
     * sweep that read them fails its CAS, or comes after and sees the new chain), so it clears their
     * links: an original node still referenced elsewhere (the armed wake-up of a waiting task) must not
     * keep the withdrawn ones alive. The walks before the CAS may therefore see links change under them
     * (a settling thread reversing the chain it took, a sweeper clearing the links of the nodes it
     * replaced), and since {@code next} is a plain field they may see those writes in any order, even
     * as a cycle. So every step of a walk first re-reads the head: once it has changed, the CAS would
     * fail anyway and the attempt starts over. A change of head is a volatile write made before any of
     * those link writes, so a walker that meets one of them soon sees the new head as well; the null
     * check covers the steps in between. Withdrawal is permanent and a withdrawn node does nothing
     * when run, so a node that became withdrawn while it was copied is merely swept later.
     */
    private void sweep() {
        attempts:
        for (int attempt = 0; attempt < 4; attempt++) {
            PromiseListener head = callbacks;
            if (head == SETTLED) {
                return;
            }
            PromiseListener lastWithdrawn = null;
            int live = 0;
            for (PromiseListener n = head; n != null; n = n.next) {
                if (callbacks != head) {
                    continue attempts; // the chain was taken or replaced: its links may be rewritten under us
                }
                if (n.withdrawn()) {
                    lastWithdrawn = n;
                } else {
                    live++;
                }
            }
            if (lastWithdrawn == null) {
                sweepCredit = live / 2;
                return;
            }
            PromiseListener shared = lastWithdrawn.next;
            PromiseListener first = shared;
            PromiseListener last = null;
            for (PromiseListener n = head; n != shared; n = n.next) {
                if (n == null || callbacks != head) {
                    continue attempts; // the chain was taken or replaced: its links may be rewritten under us
                }
                if (!n.withdrawn()) {
                    PromiseListener copy = new Forward(n instanceof Forward ? ((Forward) n).target : n);
                    if (last == null) {
                        first = copy;
                    } else {
                        last.next = copy;
                    }
                    last = copy;
                }
            }
            if (last != null) {
                last.next = shared;
            }
            if (CALLBACKS.compareAndSet(this, head, first)) {
                for (PromiseListener n = head; n != shared; ) {
                    PromiseListener next = n.next;
                    n.next = null;
                    n = next;
                }
                sweepCredit = live / 2;
                return;
            }
        }
    }

    /** The nodes on the listener stack, withdrawn or not; 0 once settled. For tests of the sweeping. */
    int listenerCount() {
        PromiseListener head = callbacks;
        int count = 0;
        for (PromiseListener n = head == SETTLED ? null : head; n != null; n = n.next) {
            count++;
        }
        return count;
    }

    /** The value, or the failure thrown as it is (checked exceptions included); the promise is settled. */
    T report() {
        Object r = result;
        if (r instanceof Failure) {
            throw Promise.<RuntimeException>sneaky(((Failure) r).error);
        }
        return value(r);
    }

    /** Blocks this thread until the promise settles (uninterruptibly; an interrupt is kept pending). */
    void block() {
        if (isDone()) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        whenComplete((v, e) -> latch.countDown());
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- internals

    private boolean settle(Object outcome) {
        if (!RESULT.compareAndSet(this, null, outcome)) {
            return false;
        }
        PromiseListener stack = (PromiseListener) CALLBACKS.getAndSet(this, SETTLED);
        runAll(stack, outcome);
        return true;
    }

    /** Runs the listeners oldest first: the stack holds them newest first. */
    private static void runAll(PromiseListener stack, Object outcome) {
        PromiseListener reversed = null;
        while (stack != null) {
            PromiseListener next = stack.next;
            stack.next = reversed;
            reversed = stack;
            stack = next;
        }
        while (reversed != null) {
            PromiseListener next = reversed.next;
            reversed.next = null; // a node still referenced elsewhere (a task's armed wake-up) must not keep the rest
            notify(reversed, outcome);
            reversed = next;
        }
    }

    /** Runs one listener; one that throws does not stop the others (its exception goes to the thread's handler). */
    private static void notify(PromiseListener node, Object outcome) {
        try {
            if (outcome instanceof Failure) {
                node.settled(null, ((Failure) outcome).error);
            } else {
                node.settled(value(outcome), null);
            }
        } catch (Throwable t) {
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Object r) {
        return r == NULL ? null : (T) r;
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }

    /**
     * A live listener copied by a {@link #sweep}, which must not change the links of the stack it read:
     * the copy takes the original's place in the new chain.
     */
    private static final class Forward extends PromiseListener {
        final PromiseListener target;

        Forward(PromiseListener target) {
            this.target = target;
        }

        @Override
        public void settled(Object value, Throwable error) {
            target.settled(value, error);
        }

        @Override
        public boolean withdrawn() {
            return target.withdrawn();
        }
    }

    /** A {@link #whenComplete} action. */
    private static final class Callback extends PromiseListener {
        final BiConsumer<Object, Throwable> action;

        Callback(BiConsumer<Object, Throwable> action) {
            this.action = action;
        }

        @Override
        public void settled(Object value, Throwable error) {
            action.accept(value, error);
        }
    }
}
