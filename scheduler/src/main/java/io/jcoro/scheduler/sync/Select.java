package io.jcoro.scheduler.sync;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.scheduler.TaskTimers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Waits for the first of several clauses to be ready and runs that clause's branch, exactly one:
 *
 * <pre>{@code
 * String r = Select.<String>builder()
 *         .onReceive(requests, req -> "request " + req)
 *         .onSend(replies, reply, () -> "sent the reply")
 *         .onAwait(shutdown, v -> "shutting down")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .select();
 * }</pre>
 *
 * <p>Clauses: {@link Builder#onReceive} (a channel has an element), {@link Builder#onReceiveOrNull}
 * (the same, or the channel's end, as {@code null}), {@link Builder#onSend} (a channel takes a value),
 * {@link Builder#onAwait} (a promise settled) and {@link Builder#onTimeout} (a time passed, at most
 * one such clause). The clauses that lose are withdrawn and consume nothing: a send that lost sent
 * nothing, a receive that lost took nothing, and a promise that lost is left as it is.
 *
 * <p><b>Which clause.</b> {@link Builder#select()} first checks the clauses without waiting, in the
 * order they were added, and takes the first one ready; the timeout clause comes last, so
 * {@code onTimeout(Duration.ZERO, ...)} is a default branch that runs when nothing else is ready.
 * When none is ready it waits, and the first clause to become ready wins. Put first the clauses that
 * must not starve.
 *
 * <p><b>Errors.</b> A send clause on a closed channel, and a receive clause on a closed channel with
 * no element left, are ready: {@code select()} throws {@link ChannelClosedException} ({@code
 * onReceiveOrNull} runs its branch with {@code null} instead). An {@code onAwait} clause whose promise
 * failed is ready too: {@code select()} throws the failure. A branch's exception (checked ones
 * included) is thrown as it is.
 *
 * <p><b>Cancellation.</b> When the task is cancelled (or its {@code Coroutines.withTimeout} runs out)
 * while {@code select()} waits, every clause is withdrawn and it throws
 * {@link java.util.concurrent.CancellationException}, unless a clause won at that very moment: then
 * that clause's branch runs (its element must not be lost) and the task sees its cancellation at its
 * next suspension. On a plain thread {@code select()} blocks the thread.
 *
 * <p>A promise watched by many selects (a shutdown signal in every select of a loop) holds one
 * callback for all of them, not one per select: a select that ends leaves nothing on it.
 *
 * <p>The timeout clause's timer is one of the task's scheduler, so it follows that scheduler's clock
 * (a {@link io.jcoro.scheduler.TestScheduler}'s virtual one); on a plain thread, the shared fallback
 * timer's. It is cancelled as soon as another clause wins.
 */
public final class Select {
    /*
     * Implementation overview.
     *
     * One select() makes a Waiter: a wake-up signal `wakeUp` (WakeSignal) and a claim, `winner`, that goes by one CAS from
     * null to the token of the clause that won (a channel Node, or the Clause of a promise or the
     * timeout), or to CANCELLED when the select withdraws. Whoever wins the CAS owns the outcome; it
     * fires `wakeUp` (outside any lock), and the select's thread reads `winner` after the wait.
     *
     * 1. With the locks of all its channels held (Channel: lock order by id), select() checks the
     *    clauses in order (the timeout last). A ready one is done at once, under those locks: the
     *    select is queued nowhere, so nobody else can claim it, and its own claim is a CAS that
     *    cannot fail (take()). The counterpart it matched is claimed with one CAS
     *    (Channel.offerLocked/pollLocked).
     * 2. Still under those locks, when nothing was ready, it queues one node per channel clause. Since
     *    it held every lock from step 1 on, nothing changed on those channels in between: no wake-up
     *    can be missed. It then releases the locks, and only then listens to its promises and starts
     *    its timer; their callbacks claim by CAS.
     * 3. It waits for `wakeUp`. When the wait throws (cancellation), it CASes the claim to CANCELLED: if
     *    that wins, no clause won and none can any more, so it withdraws and rethrows; if it loses, a
     *    clause won just before, and the select completes with it: its hand-off happened (C5 in
     *    Channel), so dropping it would lose an element.
     * 4. Losers are withdrawn: nodes unlinked under their channel's lock (one at a time), promise
     *    hooks removed from their PromiseWatch, the timer cancelled. A dead node that another
     *    operation meets first is dropped by it (its claim CAS fails).
     */
    /** The claim of a select that withdrew (cancelled while it waited). */
    static final Object CANCELLED = new Object();
    private static final VarHandle WINNER;

    static {
        try {
            WINNER = MethodHandles.lookup().findVarHandle(Waiter.class, "winner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Select() {}

    /** A new select with no clause yet; add clauses, then call {@link Builder#select()}. */
    public static <R> Builder<R> builder() {
        return new Builder<>();
    }

    /**
     * The clauses of one select. Not thread-safe while clauses are added; {@link #select()} may be
     * called again (each call waits anew), from one thread at a time.
     */
    public static final class Builder<R> {
        private final List<Clause<R>> clauses = new ArrayList<>();
        private boolean hasTimeout;

        private Builder() {}

        /**
         * Receives from {@code channel} and runs {@code branch} with the element. Once the channel is
         * closed and has no element left, the clause is ready and {@code select()} throws
         * {@link ChannelClosedException}.
         */
        public <T> Builder<R> onReceive(Channel<T> channel, SuspendableFunction<? super T, ? extends R> branch) {
            clauses.add(new ReceiveClause<>(channel, branch, false));
            return this;
        }

        /**
         * Receives from {@code channel} and runs {@code branch} with the element, or with {@code null}
         * once the channel is closed and has no element left.
         */
        public <T> Builder<R> onReceiveOrNull(Channel<T> channel, SuspendableFunction<? super T, ? extends R> branch) {
            clauses.add(new ReceiveClause<>(channel, branch, true));
            return this;
        }

        /**
         * Sends {@code value} on {@code channel} and then runs {@code branch}. On a closed channel the
         * clause is ready and {@code select()} throws {@link ChannelClosedException}.
         */
        public <T> Builder<R> onSend(Channel<T> channel, T value, SuspendableCallable<? extends R> branch) {
            Channel.requireElement(value);
            clauses.add(new SendClause<>(channel, value, branch));
            return this;
        }

        /**
         * Runs {@code branch} with {@code promise}'s value once it completed. If it failed,
         * {@code select()} throws its failure. The promise is only watched, never changed.
         */
        public <T> Builder<R> onAwait(Promise<T> promise, SuspendableFunction<? super T, ? extends R> branch) {
            clauses.add(new AwaitClause<>(promise, branch));
            return this;
        }

        /**
         * Runs {@code branch} when {@code timeout} has passed (measured from the start of each
         * {@code select()}) and no other clause won. Checked after all the others; a zero or negative
         * timeout makes it a default branch: it runs when no other clause is ready at once.
         *
         * @throws IllegalStateException when the select has a timeout clause already
         */
        public Builder<R> onTimeout(Duration timeout, SuspendableCallable<? extends R> branch) {
            Objects.requireNonNull(timeout, "timeout");
            if (hasTimeout) {
                throw new IllegalStateException("a select takes at most one onTimeout clause");
            }
            hasTimeout = true;
            clauses.add(new TimeoutClause<>(timeout, branch));
            return this;
        }

        /**
         * Waits for the first clause to be ready, withdraws the others, and returns what the winner's
         * branch returns (see {@link Select} for the order, the errors and cancellation).
         *
         * @throws IllegalStateException when no clause was added
         */
        @Suspendable
        @SuppressWarnings("unchecked")
        public R select() {
            if (clauses.isEmpty()) {
                throw new IllegalStateException("a select needs at least one clause");
            }
            Waiter waiter = new Waiter(clauses.toArray(new Clause<?>[0]));
            if (!waiter.completeNowOrRegister()) {
                try {
                    waiter.wakeUp.await();
                } catch (Throwable t) {
                    if (waiter.claim(CANCELLED) || !(t instanceof CancellationException)) {
                        waiter.deregister();
                        throw t;
                    }
                    // a clause won as the cancellation came: its hand-off happened, complete with it.
                    // (Another throwable, a SuspensionError, is a defect: it propagates even then.)
                }
                waiter.deregister();
            }
            Object winner = waiter.winner;
            try {
                if (winner instanceof Channel.Node) {
                    Channel.Node<?> node = (Channel.Node<?>) winner;
                    return ((Clause<R>) waiter.clauses[node.clause]).run(node.handed);
                }
                return ((Clause<R>) winner).run(null);
            } catch (Exception e) {
                throw Select.<RuntimeException>sneaky(e);
            }
        }

        /**
         * A waiter for these clauses, as {@link #select()} makes one, not registered yet: for the model
         * check of the channel's waiter path (ChannelLincheckTest), which drives its register, claim and
         * withdraw steps itself, since a model checker cannot explore a blocking await.
         */
        Waiter newWaiter() {
            return new Waiter(clauses.toArray(new Clause<?>[0]));
        }
    }

    // ---------------------------------------------------------------- the waiter

    /**
     * One {@code select()} call. {@code winner} is the claim (see the overview); {@code nodes},
     * {@code hooks} and {@code timer} are written and read by the selecting coroutine only, before it
     * waits and after it woke (possibly on another thread: the scheduler's hand-off of the task orders
     * its runs), while promise callbacks and the timer read only their own hook or captured fields.
     */
    static final class Waiter {
        private static final Clause<?>[] NO_CLAUSES = new Clause<?>[0];
        private static final Channel.Node<?>[] NO_NODES = new Channel.Node<?>[0];
        final Clause<?>[] clauses;
        /**
         * Fired once per wait, by the winner of the claim, outside any lock; prepared again only by
         * {@link #reuse()}, for a plain channel operation's waiter.
         */
        final WakeSignal wakeUp = new WakeSignal();
        /** Null while waiting; then the winning token (a Channel.Node or a Clause) or CANCELLED. Set once by CAS. */
        volatile Object winner;
        /** One node per channel clause (null for the others), made in the constructor. */
        private final Channel.Node<?>[] nodes;
        private PromiseHook[] hooks;
        /** Cancels the timeout clause's timer; null when there is none. */
        private Runnable timer;

        /**
         * The waiter of a plain {@link Channel#send} or {@link Channel#receive}: one node, no clauses.
         * The channel queues its node and waits itself (Channel.handedDespite); only the claim and the
         * wake-up are used, by the same rules as a select's.
         */
        Waiter() {
            this.clauses = NO_CLAUSES;
            this.nodes = NO_NODES;
        }

        Waiter(Clause<?>[] clauses) {
            this.clauses = clauses;
            this.nodes = new Channel.Node<?>[clauses.length];
            for (int i = 0; i < clauses.length; i++) {
                nodes[i] = clauses[i].node(this, i);
            }
        }

        /**
         * Makes a plain channel operation's waiter new again for its next wait (Channel's spare
         * nodes), by the task or thread that waits next: unclaimed, with a wake-up prepared for it.
         * Only for a waiter whose last wait ended with a claim by a counterpart or close() whose
         * firing is over ({@link WakeSignal#isQuiet()}): that claimer unlinked its node and is done
         * with the signal, so no other thread references this waiter any more; the channel's lock,
         * held by the caller, publishes the new values to the next claimer, which finds the node in
         * a queue under that lock.
         */
        void reuse() {
            winner = null;
            wakeUp.prepare();
        }

        /** Claims this select for {@code token}: true for the one caller whose CAS from unset won. */
        boolean claim(Object token) {
            return WINNER.compareAndSet(this, null, token);
        }

        /** Wakes the selecting coroutine or thread; called by the claim's winner, holding no lock. */
        void wake() {
            wakeUp.fire();
        }

        /**
         * Steps 1 and 2 of the overview: {@code true} when a clause was ready (it is the winner now);
         * {@code false} when the select is registered everywhere and must await {@link #wakeUp}.
         */
        boolean completeNowOrRegister() {
            ReentrantLock[] locks = locks();
            for (ReentrantLock l : locks) {
                l.lock();
            }
            Channel.Node<?> toWake = null;
            boolean ready = false;
            try {
                TimeoutClause<?> timeout = null;
                for (int i = 0; i < clauses.length && !ready; i++) {
                    Clause<?> c = clauses[i];
                    if (c instanceof TimeoutClause) {
                        timeout = (TimeoutClause<?>) c;
                    } else if (c instanceof AwaitClause) {
                        ready = ((AwaitClause<?, ?>) c).promise.isDone() && take(c);
                    } else {
                        Channel.Node<?> node = nodes[i];
                        Object outcome = ((ChannelClause<?, ?>) c).tryLocked(node);
                        if (outcome != Channel.EMPTY && outcome != Channel.FULL) {
                            toWake = ((ChannelClause<?, ?>) c).takeWakeLocked(outcome);
                            ready = take(node);
                        }
                    }
                }
                if (!ready && timeout != null && timeout.nanos <= 0) {
                    ready = take(timeout);
                }
                if (!ready) {
                    for (int i = 0; i < clauses.length; i++) {
                        if (nodes[i] != null) {
                            ((ChannelClause<?, ?>) clauses[i]).channel.enqueueLocked(nodes[i]);
                        }
                    }
                }
            } finally {
                for (int i = locks.length - 1; i >= 0; i--) {
                    locks[i].unlock();
                }
            }
            if (toWake != null) {
                toWake.waiter.wake();
            }
            if (ready) {
                return true;
            }
            listen();
            return false;
        }

        /** Takes a ready clause while unregistered: nobody else can claim this select, so the CAS succeeds. */
        private boolean take(Object token) {
            if (!claim(token)) {
                throw new AssertionError("a select was claimed before it registered");
            }
            return true;
        }

        /** Listens to the promises and starts the timer, after the nodes are queued and the locks released. */
        private void listen() {
            for (int i = 0; i < clauses.length; i++) {
                Clause<?> c = clauses[i];
                if (c instanceof AwaitClause) {
                    if (hooks == null) {
                        hooks = new PromiseHook[clauses.length];
                    }
                    hooks[i] = PromiseWatch.watch(((AwaitClause<?, ?>) c).promise, this, c); // may win at once
                } else if (c instanceof TimeoutClause && winner == null) {
                    Runnable fire = () -> {
                        if (claim(c)) {
                            wake();
                        }
                    };
                    timer = TaskTimers.start(((TimeoutClause<?>) c).nanos, fire);
                }
            }
        }

        /** Step 4: withdraws every clause (the winner's node was unlinked by whoever claimed it). */
        void deregister() {
            for (int i = 0; i < clauses.length; i++) {
                if (nodes[i] != null) {
                    ((ChannelClause<?, ?>) clauses[i]).channel.unlink(nodes[i]);
                }
                if (hooks != null && hooks[i] != null) {
                    hooks[i].unwatch();
                }
            }
            if (timer != null) {
                timer.run();
            }
        }

        /** The distinct locks of the channel clauses, in lock order (by channel id). */
        private ReentrantLock[] locks() {
            Channel<?>[] channels = new Channel<?>[clauses.length];
            int n = 0;
            for (Clause<?> c : clauses) {
                if (c instanceof ChannelClause) {
                    channels[n++] = ((ChannelClause<?, ?>) c).channel;
                }
            }
            Arrays.sort(channels, 0, n, Comparator.comparingLong(ch -> ch.id));
            ReentrantLock[] locks = new ReentrantLock[n];
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || channels[i] != channels[i - 1]) {
                    locks[distinct++] = channels[i].lock;
                }
            }
            return Arrays.copyOf(locks, distinct);
        }
    }

    /** One {@code onAwait} clause of one waiting select, registered with its promise's {@link PromiseWatch}. */
    private static final class PromiseHook {
        final Waiter waiter;
        final Object token;
        final PromiseWatch watch;

        PromiseHook(Waiter waiter, Object token, PromiseWatch watch) {
            this.waiter = waiter;
            this.token = token;
            this.watch = watch;
        }

        /** The promise settled: this clause wins unless another did (or the select withdrew). */
        void fire() {
            if (waiter.claim(token)) {
                waiter.wake();
            }
        }

        /** The select ended: forget this hook (O(1)). */
        void unwatch() {
            watch.remove(this);
        }
    }

    /**
     * The one {@code whenComplete} callback that a promise gets from all the selects that watch it,
     * however many: a promise cannot take a callback back, so one callback per select would pile up
     * on a long-lived promise (a shutdown signal in every select of a loop). The watch holds the
     * hooks of the selects waiting now; a select that ends removes its hook.
     *
     * <p>Concurrency: {@link #WATCHES} (a weak map, so a promise nobody references is not kept) is
     * guarded by its own monitor, each watch's {@code hooks} and {@code settled} by the watch's
     * monitor; both held only for O(1) map and set edits, never while a hook fires (a hook completes
     * a promise, which runs listeners). A hook added after the promise settled finds {@code settled}
     * and fires itself; one added before is in the set the settling callback takes: so every hook
     * fires exactly once, or is removed first. The watch does not reference its promise, or the
     * weak map's value would keep its key alive.
     */
    private static final class PromiseWatch implements BiConsumer<Object, Throwable> {
        /** Guarded by itself. */
        private static final Map<Promise<?>, PromiseWatch> WATCHES = new WeakHashMap<>();
        /**
         * Guarded by this; null once settled. In the order the selects began to watch, which is the
         * order the settlement fires them: so a seeded TestScheduler replays the selects woken by one
         * promise in the same order (a HashSet's order is the hooks' identity hashes, new every run).
         */
        private Set<PromiseHook> hooks = new LinkedHashSet<>();

        /** Registers {@code token} of {@code waiter} on {@code promise}; fires at once if it settled. */
        static PromiseHook watch(Promise<?> promise, Waiter waiter, Object token) {
            PromiseWatch watch;
            boolean fresh = false;
            synchronized (WATCHES) {
                watch = WATCHES.get(promise);
                if (watch == null) {
                    watch = new PromiseWatch();
                    WATCHES.put(promise, watch);
                    fresh = true;
                }
            }
            if (fresh) {
                promise.whenComplete(watch); // runs at once when the promise settled already
            }
            PromiseHook hook = new PromiseHook(waiter, token, watch);
            boolean settled;
            synchronized (watch) {
                settled = watch.hooks == null;
                if (!settled) {
                    watch.hooks.add(hook);
                }
            }
            if (settled) {
                hook.fire();
            }
            return hook;
        }

        synchronized void remove(PromiseHook hook) {
            if (hooks != null) {
                hooks.remove(hook);
            }
        }

        /** The hooks of the selects watching now; for tests of the retention. */
        synchronized int watching() {
            return hooks == null ? 0 : hooks.size();
        }

        @Override
        public void accept(Object value, Throwable error) {
            Set<PromiseHook> taken;
            synchronized (this) {
                taken = hooks;
                hooks = null;
            }
            for (PromiseHook hook : taken) {
                hook.fire();
            }
        }
    }

    /** How many waiting selects watch {@code promise} through an {@code onAwait} clause; for tests. */
    static int watching(Promise<?> promise) {
        PromiseWatch watch;
        synchronized (PromiseWatch.WATCHES) {
            watch = PromiseWatch.WATCHES.get(promise);
        }
        return watch == null ? 0 : watch.watching();
    }

    // ---------------------------------------------------------------- clauses

    /** One clause: immutable, so a builder can select again. */
    abstract static class Clause<R> {
        /** The node this clause queues on its channel, or null for a clause on no channel. */
        Channel.Node<?> node(Waiter waiter, int index) {
            return null;
        }

        /** Runs the branch of the clause that won; {@code handed} is its node's (null for no node). */
        @Suspendable
        abstract R run(Object handed) throws Exception;
    }

    abstract static class ChannelClause<T, R> extends Clause<R> {
        final Channel<T> channel;

        ChannelClause(Channel<T> channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
        }

        /**
         * Tries the operation with the channel's lock held; {@link Channel#EMPTY} or {@link Channel#FULL}
         * when it must wait; otherwise it happened (or found the channel closed), and {@code node.handed}
         * says how, as if a counterpart had claimed the node.
         */
        abstract Object tryLocked(Channel.Node<?> node);

        /** The counterpart node the operation claimed, to wake after unlocking; the lock is held. */
        abstract Channel.Node<?> takeWakeLocked(Object outcome);
    }

    private static final class ReceiveClause<T, R> extends ChannelClause<T, R> {
        private final SuspendableFunction<? super T, ? extends R> branch;
        private final boolean nullAtEnd;

        ReceiveClause(Channel<T> channel, SuspendableFunction<? super T, ? extends R> branch, boolean nullAtEnd) {
            super(channel);
            this.branch = Objects.requireNonNull(branch, "branch");
            this.nullAtEnd = nullAtEnd;
        }

        @Override
        Channel.Node<?> node(Waiter waiter, int index) {
            return new Channel.Node<T>(waiter, index, null);
        }

        @Override
        Object tryLocked(Channel.Node<?> node) {
            Object outcome = channel.pollLocked();
            if (outcome != Channel.EMPTY) {
                node.handed = outcome;
            }
            return outcome;
        }

        @Override
        Channel.Node<?> takeWakeLocked(Object outcome) {
            return channel.takeWake();
        }

        @Override
        @Suspendable
        @SuppressWarnings("unchecked")
        R run(Object handed) throws Exception {
            if (handed == Channel.CLOSED) {
                if (!nullAtEnd) {
                    throw Channel.receiveClosed();
                }
                return branch.apply(null);
            }
            return branch.apply((T) handed);
        }
    }

    private static final class SendClause<T, R> extends ChannelClause<T, R> {
        private final T value;
        private final SuspendableCallable<? extends R> branch;

        SendClause(Channel<T> channel, T value, SuspendableCallable<? extends R> branch) {
            super(channel);
            this.value = value;
            this.branch = Objects.requireNonNull(branch, "branch");
        }

        @Override
        Channel.Node<?> node(Waiter waiter, int index) {
            return new Channel.Node<>(waiter, index, value);
        }

        @Override
        Object tryLocked(Channel.Node<?> node) {
            Object outcome = channel.offerLocked(value);
            if (outcome == Channel.CLOSED) {
                node.handed = Channel.CLOSED;
            }
            return outcome;
        }

        @Override
        Channel.Node<?> takeWakeLocked(Object outcome) {
            return outcome instanceof Channel.Node ? (Channel.Node<?>) outcome : null;
        }

        @Override
        @Suspendable
        R run(Object handed) throws Exception {
            if (handed == Channel.CLOSED) {
                throw Channel.sendClosed();
            }
            return branch.call();
        }
    }

    private static final class AwaitClause<T, R> extends Clause<R> {
        final Promise<T> promise;
        private final SuspendableFunction<? super T, ? extends R> branch;

        AwaitClause(Promise<T> promise, SuspendableFunction<? super T, ? extends R> branch) {
            this.promise = Objects.requireNonNull(promise, "promise");
            this.branch = Objects.requireNonNull(branch, "branch");
        }

        @Override
        @Suspendable
        R run(Object handed) throws Exception {
            return branch.apply(Async.await(promise)); // settled: returns or throws at once
        }
    }

    private static final class TimeoutClause<R> extends Clause<R> {
        final long nanos;
        private final SuspendableCallable<? extends R> branch;

        TimeoutClause(Duration timeout, SuspendableCallable<? extends R> branch) {
            this.nanos = nanos(timeout);
            this.branch = Objects.requireNonNull(branch, "branch");
        }

        @Override
        @Suspendable
        R run(Object handed) throws Exception {
            return branch.call();
        }
    }

    private static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
