package io.jcoro.scheduler.sync;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue that coroutines (and plain threads) pass elements through: {@link #send} suspends while
 * the channel is full, {@link #receive} while it is empty. In a task they suspend the task; on a plain
 * thread they block it (uninterruptibly, as {@link io.jcoro.Async#await} does). Any number of senders and receivers may use a channel at once; each element
 * sent is received exactly once.
 *
 * <ul>
 *   <li>{@link #rendezvous()} has no buffer: a send completes only when a receiver takes its element.
 *   <li>{@link #bounded(int)} buffers up to {@code n} elements; a send waits while {@code n} are buffered.
 *   <li>{@link #unbounded()} buffers any number; a send never waits.
 * </ul>
 *
 * <p><b>Order.</b> Elements are received in the order their sends completed. Waiting senders are
 * served first come, first served, and so are waiting receivers.
 *
 * <p><b>Closing.</b> {@link #close()} ends the channel for senders: every later send (and a send that
 * is waiting when the channel closes) fails with {@link ChannelClosedException}, and its element was
 * not sent. Receivers first take what is buffered; then {@link #receive} throws
 * {@link ChannelClosedException}, {@link #receiveOrNull} returns {@code null} and {@link #forEach}
 * returns. So a channel refuses {@code null} elements ({@link NullPointerException}).
 *
 * <p><b>Cancellation.</b> A send or receive that waits in a task that is cancelled (or whose
 * {@code Coroutines.withTimeout} runs out) withdraws and throws
 * {@link java.util.concurrent.CancellationException}: a withdrawn send sent nothing, a withdrawn
 * receive took nothing. Handing an element to a waiting operation and withdrawing it are decided by
 * one compare-and-set on the waiter, so exactly one of them happens: an operation that was handed its
 * element just before the cancellation reached it completes normally (the receive returns the
 * element, the send returns), and the task sees its cancellation at its next suspension. No element
 * is lost or received twice. An operation that need not wait completes even in a cancelled task, as
 * an await of a settled promise returns.
 *
 * <p>{@link Select} waits for the first of several sends, receives, promises and a timeout.
 */
public final class Channel<T> {
    /*
     * Implementation overview.
     *
     * State, all guarded by `lock` except the spares (the lock is held for queue edits that are O(1)
     * amortized, each dead node being dropped once; close() empties the queues in one pass; never held across a suspension,
     * never while completing a promise):
     *  - `buffer`: the buffered elements, oldest first, at most `capacity` of them;
     *  - `senders`, `receivers`: FIFO queues of Nodes of waiting operations (Select.Waiter, one per
     *    waiting select; a plain send or receive that must wait is a select of one clause without the
     *    select: send()/pollOrQueue() queue its node under the same lock hold that found it must
     *    wait, and the operation waits as a select's step 3 does (handedDespite), so everything
     *    below holds for it);
     *  - `closed`: set once by close(), never cleared;
     *  - `spareSender`, `spareReceiver` (atomic slots, not guarded by the lock): the node (and
     *    waiter) of a plain operation whose wait ended with a claim, in no queue, kept for the next
     *    plain wait of that kind, so that operations that take turns waiting allocate no node nor
     *    waiter per wait (giveBack says when one is safe to reuse: only once its claimer is done
     *    firing the wake-up, after which it holds no reference).
     *
     * Per element, a send that finds room and a receive that finds an element allocate nothing (the
     * buffer is an ArrayDeque: a ring array, grown at most up to capacity). A wait allocates nothing
     * either once a spare node is there: its wake-up is a reusable WakeSignal, armed as the task's
     * wake-up token itself (no promise, no listener).
     *
     * A node is LIVE while its waiter's claim is unset (Waiter.winner == null), DEAD once it is set
     * (another clause of its select won, or the select withdrew). Nodes die without this channel's
     * lock (a CAS on the waiter, done by another channel, a promise callback, a timer or the
     * cancelled waiter itself), so the queues may hold dead nodes; whoever meets one drops it, and a
     * select that ended unlinks its own nodes (Select.Waiter.deregister).
     *
     * Invariants (with the lock held):
     *  C1. buffer nonempty => every queued receiver is dead. A receiver queues only when the buffer is
     *      empty, and a send hands its element to a live receiver before it buffers.
     *  C2. buffer.size() < capacity => every queued sender is dead. A sender queues only when the
     *      buffer is full, and a receive that frees a slot moves a live sender's element in.
     *  C3. Queued live senders and live receivers belong to the same select, if both exist (one
     *      select may wait to send and to receive on one channel; it never matches itself since it is
     *      not queued while it looks for a match).
     *  C4. closed => no sender is queued; a receiver is queued only dead (close() claims them all).
     *  C5. An element is in exactly one place: the buffer, a live sender node, a receive node that won
     *      its waiter's claim (handed to it), or out of the channel.
     *
     * The hand-off. An operation that finds a counterpart does, with the lock held, ONE compare-and-set
     * of the counterpart waiter's claim (Waiter.claim) from unset to the counterpart's node, and the
     * node is unlinked. For a receive node the element is written into node.handed before the CAS,
     * so the waiter that reads its claim (volatile) sees the element. If the CAS fails, the
     * counterpart is dead (claimed by another clause, or withdrawn): it is dropped, handed is cleared,
     * and the next node is tried. The winner of a claim wakes the waiter (fires its signal) only
     * after releasing the lock. A cancelled waiter competes for the same claim (Select.select): if its
     * CAS wins, no hand-off happened and none can happen any more; if it loses, the hand-off happened
     * and the operation completes with it. So an element moves exactly once (C5).
     *
     * Lock order: a select locks all its channels at once, in increasing `id` order; everything else
     * (a plain operation, close(), a select unlinking its nodes) holds one channel's lock at a time. So
     * no cycle of lock waits is possible. While a select looks for a ready clause it holds all its
     * channels' locks and is queued nowhere, so nobody can claim it: a match never has to claim two
     * waiters at once (which would need both CASes to succeed or neither), only the passive one, by a
     * single CAS (as in Go's runtime select).
     */
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle SPARE_SENDER;
    private static final VarHandle SPARE_RECEIVER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SPARE_SENDER = lookup.findVarHandle(Channel.class, "spareSender", Node.class);
            SPARE_RECEIVER = lookup.findVarHandle(Channel.class, "spareReceiver", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** What {@link #pollLocked} returns when nothing is there and the channel is open. */
    static final Object EMPTY = new Object();
    /** A closed channel's answer, from {@link #pollLocked} and {@link #offerLocked}; also a node's {@code handed}. */
    static final Object CLOSED = new Object();
    /** {@link #offerLocked}: the element went into the buffer. */
    static final Object BUFFERED = new Object();
    /** {@link #offerLocked}: nowhere to put the element now. */
    static final Object FULL = new Object();

    /** Orders the locks of the channels of one select. */
    final long id = IDS.getAndIncrement();
    final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    final WaitQueue senders = new WaitQueue();
    /** Guarded by {@link #lock}. */
    final WaitQueue receivers = new WaitQueue();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /**
     * A sender node whose claim {@link #pollLocked} won, for the caller to wake once it released the
     * lock. Guarded by {@link #lock}: set by pollLocked and taken by {@link #takeWake} under the same
     * hold, so it never carries over to another holder.
     */
    private Node<?> toWake;
    /**
     * A plain send's (receive's) node and waiter whose last wait ended with a claim, for the next plain
     * send (receive) that must wait: so a producer and a consumer that take turns waiting allocate no
     * node nor waiter per wait. Atomic, not guarded by the lock: taken by a getAndSet to null (in
     * queueWaitLocked, which happens to hold the lock), given back by a compareAndSet from null
     * without the lock (giveBack, so a wait costs no second lock hold), so a node is either in the slot
     * or owned by exactly one operation. A spare is in no queue and no other thread references it
     * (see giveBack); the CAS publishes the fields giveBack cleared. A wait that was cancelled does
     * not give its node back.
     */
    @SuppressWarnings("unused") // through SPARE_SENDER
    private volatile Node<?> spareSender;
    @SuppressWarnings("unused") // through SPARE_RECEIVER
    private volatile Node<?> spareReceiver;

    private Channel(int capacity) {
        this.capacity = capacity;
    }

    /** A channel without a buffer: a send completes when a receiver takes its element. */
    public static <T> Channel<T> rendezvous() {
        return new Channel<>(0);
    }

    /**
     * A channel that buffers up to {@code capacity} elements ({@code 0}: a {@link #rendezvous()} channel).
     *
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public static <T> Channel<T> bounded(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a channel's capacity must be 0 or more, got " + capacity);
        }
        return new Channel<>(capacity);
    }

    /** A channel that buffers any number of elements: a send never waits. */
    public static <T> Channel<T> unbounded() {
        return new Channel<>(Integer.MAX_VALUE);
    }

    /**
     * Sends {@code element}: buffers it or hands it to a waiting receiver, or waits until it can (a
     * rendezvous channel's send always waits for a receiver).
     *
     * @throws ChannelClosedException when the channel is closed, or closes while the send waits: the
     *     element was not sent
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while the send waits: the element was not sent
     * @throws NullPointerException when {@code element} is null
     */
    @Suspendable
    public void send(T element) {
        requireElement(element);
        Object outcome;
        Node<T> node = null;
        lock.lock();
        try {
            outcome = offerLocked(element);
            if (outcome == FULL) { // queued under the same hold that found no room: no wake-up is missed
                node = queueWaitLocked(element);
            }
        } finally {
            lock.unlock();
        }
        afterOffer(outcome);
        if (node != null) {
            try {
                if (node.waiter.wakeUp.mustSuspend()) { // WakeSignal.await in this frame: see handedDespite
                    do {
                        Continuation.suspend();
                    } while (!node.waiter.wakeUp.resumedDone());
                }
            } catch (Throwable t) {
                if (!handedDespite(node, t)) {
                    throw t;
                }
            }
            if (takeHanded(node) == CLOSED) {
                throw sendClosed();
            }
        }
    }

    /**
     * Sends {@code element} if that needs no wait: into the buffer or to a waiting receiver.
     *
     * @return {@code false} when the channel is full (the element was not sent)
     * @throws ChannelClosedException when the channel is closed
     * @throws NullPointerException when {@code element} is null
     */
    public boolean trySend(T element) {
        requireElement(element);
        Object outcome;
        lock.lock();
        try {
            outcome = offerLocked(element);
        } finally {
            lock.unlock();
        }
        afterOffer(outcome);
        return outcome != FULL;
    }

    /** After an offer, outside the lock: fails on a closed channel, wakes the receiver the element went to. */
    private void afterOffer(Object outcome) {
        if (outcome == CLOSED) {
            throw sendClosed();
        }
        if (outcome instanceof Node) {
            ((Node<?>) outcome).waiter.wake();
        }
    }

    /**
     * Takes the next element, waiting until there is one.
     *
     * @throws ChannelClosedException when the channel is closed and every element was taken
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while the receive waits: it took nothing
     */
    @Suspendable
    public T receive() {
        Object outcome = pollOrQueue();
        if (outcome instanceof Node) {
            Node<T> node = cast(outcome);
            try {
                if (node.waiter.wakeUp.mustSuspend()) { // WakeSignal.await in this frame: see handedDespite
                    do {
                        Continuation.suspend();
                    } while (!node.waiter.wakeUp.resumedDone());
                }
            } catch (Throwable t) {
                if (!handedDespite(node, t)) {
                    throw t;
                }
            }
            outcome = takeHanded(node);
        }
        if (outcome == CLOSED) {
            throw receiveClosed();
        }
        return cast(outcome);
    }

    /**
     * Takes the next element, waiting until there is one; {@code null} once the channel is closed and
     * every element was taken.
     *
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while the receive waits: it took nothing
     */
    @Suspendable
    public T receiveOrNull() {
        Object outcome = pollOrQueue();
        if (outcome instanceof Node) {
            Node<T> node = cast(outcome);
            try {
                if (node.waiter.wakeUp.mustSuspend()) { // WakeSignal.await in this frame: see handedDespite
                    do {
                        Continuation.suspend();
                    } while (!node.waiter.wakeUp.resumedDone());
                }
            } catch (Throwable t) {
                if (!handedDespite(node, t)) {
                    throw t;
                }
            }
            outcome = takeHanded(node);
        }
        return outcome == CLOSED ? null : cast(outcome);
    }

    /**
     * Takes the next element if there is one now.
     *
     * @return the element, or {@code null} when the channel is empty (and open)
     * @throws ChannelClosedException when the channel is closed and every element was taken: so
     *     {@code null} always means "empty for now", and the end is never mistaken for it
     */
    public T tryReceive() {
        Object outcome = pollNow();
        if (outcome == CLOSED) {
            throw receiveClosed();
        }
        return outcome == EMPTY ? null : cast(outcome);
    }

    /**
     * Runs {@code action} on each element received, until the channel is closed and every element
     * was taken. An exception {@code action} throws (checked ones included, thrown as they are) ends
     * the loop; the element it was given has been taken.
     */
    @Suspendable
    public void forEach(SuspendableConsumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        for (T element = receiveOrNull(); element != null; element = receiveOrNull()) {
            try {
                action.accept(element);
            } catch (Exception e) {
                throw Select.<RuntimeException>sneaky(e);
            }
        }
    }

    /**
     * Closes the channel: sends fail from now on, and so do the sends waiting now (their elements
     * were not sent). Buffered elements can still be received; receivers waiting now (there is
     * nothing buffered for them) see the end.
     *
     * @return {@code true} when this call closed the channel, {@code false} when it was closed already
     */
    public boolean close() {
        List<Node<?>> woken = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            claimAll(senders, woken);
            claimAll(receivers, woken); // only dead ones when the buffer holds elements (C1)
        } finally {
            lock.unlock();
        }
        for (Node<?> n : woken) {
            n.waiter.wake();
        }
        return true;
    }

    /** Whether {@link #close()} was called (elements may still be buffered). */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** {@code 0} for a rendezvous channel, {@link Integer#MAX_VALUE} for an unbounded one. */
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            String kind = capacity == 0 ? "rendezvous" : capacity == Integer.MAX_VALUE ? "unbounded" : "bounded(" + capacity + ")";
            return "Channel[" + kind + ", " + buffer.size() + " buffered" + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** The waiting sends whose select is still unclaimed; for tests, to sequence them without sleeps. */
    int waitingSenders() {
        return countLive(senders);
    }

    /** The waiting receives whose select is still unclaimed; for tests. */
    int waitingReceivers() {
        return countLive(receivers);
    }

    private int countLive(WaitQueue q) {
        lock.lock();
        try {
            int live = 0;
            for (Node<?> n = q.head; n != null; n = n.next) {
                if (n.waiter.winner == null) {
                    live++;
                }
            }
            return live;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- under the lock

    /**
     * Offers {@code element} to a live waiting receiver, else to the buffer. The lock is held.
     *
     * @return the receiver node whose claim it won (the caller wakes it after unlocking),
     *     {@link #BUFFERED}, {@link #FULL} or {@link #CLOSED}
     */
    Object offerLocked(T element) {
        if (closed) {
            return CLOSED;
        }
        for (Node<?> r = receivers.poll(); r != null; r = receivers.poll()) {
            r.handed = element; // written before the claim, read by the waiter after it (C5)
            if (r.waiter.claim(r)) {
                return r;
            }
            r.handed = null; // a dead node: its waiter never reads it
        }
        if (buffer.size() < capacity) {
            buffer.add(element);
            return BUFFERED;
        }
        return FULL;
    }

    /**
     * Takes the oldest buffered element and moves a live waiting sender's element into the freed slot,
     * or takes a live waiting sender's element directly (when nothing is buffered). The lock is held;
     * a sender whose claim it won is left for {@link #takeWake}.
     *
     * @return the element, {@link #EMPTY} or {@link #CLOSED}
     */
    Object pollLocked() {
        T head = buffer.poll();
        Node<?> s = senders.poll();
        while (s != null && !s.waiter.claim(s)) {
            s = senders.poll(); // dead: dropped
        }
        if (s != null) {
            toWake = s;
            T element = cast(s.element);
            if (head == null) {
                return element;
            }
            buffer.add(element); // the slot the head freed (C2)
            return head;
        }
        if (head != null) {
            return head;
        }
        return closed ? CLOSED : EMPTY;
    }

    /** The sender node the last {@link #pollLocked} claimed, or null; clears it. The lock is held. */
    Node<?> takeWake() {
        Node<?> n = toWake;
        toWake = null;
        return n;
    }

    /** Queues a select's waiting receive or send; its select holds this lock and found nothing ready. */
    void enqueueLocked(Node<?> n) {
        (n.element == null ? receivers : senders).add(n);
    }

    /** Unlinks a node of a select that ended, unless a hand-off or close() unlinked it already. */
    void unlink(Node<?> n) {
        lock.lock();
        try {
            if (n.queued) {
                (n.element == null ? receivers : senders).remove(n);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void claimAll(WaitQueue q, List<Node<?>> woken) {
        for (Node<?> n = q.poll(); n != null; n = q.poll()) {
            n.handed = CLOSED;
            if (n.waiter.claim(n)) {
                woken.add(n);
            } else {
                n.handed = null;
            }
        }
    }

    /**
     * The first step of a plain receive: the element, {@link #CLOSED} once the channel is closed and
     * empty, or, when there is nothing to take, the {@link Node} of the wait it queued (under the same
     * lock hold that found nothing, so no wake-up is missed), whose claim the receive then awaits. A
     * node is never an element: the class is this package's, and no node leaves it.
     */
    private Object pollOrQueue() {
        Object outcome;
        Node<?> sender;
        Node<T> node = null;
        lock.lock();
        try {
            outcome = pollLocked();
            sender = takeWake();
            if (outcome == EMPTY) {
                node = queueWaitLocked(null);
            }
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.waiter.wake();
        }
        return node == null ? outcome : node;
    }

    /**
     * Queues the node of a plain send of {@code element} (a receive: {@code null}) that must wait:
     * the spare one if there is one, else a new one with a waiter of its own. The lock is held.
     */
    private Node<T> queueWaitLocked(T element) {
        // each VarHandle used as the constant it is (a handle chosen at run time is not intrinsified)
        Node<T> node = cast(element != null ? SPARE_SENDER.getAndSet(this, null) : SPARE_RECEIVER.getAndSet(this, null));
        if (node == null) {
            node = new Node<>(new Select.Waiter(), 0, element);
        } else {
            node.reuse(element);
        }
        enqueueLocked(node);
        return node;
    }

    /**
     * Keeps the node of a plain operation whose wait ended with a claim (its await returned, or
     * handedDespite kept it: a counterpart or close() claimed it and unlinked it) as the spare for
     * the next wait, unless there is one already. Only once its claimer is done firing the wake-up: a wait that a
     * cancellation ended just after a claim returns before the claimer woke it, and that claimer
     * will still fire the waiter's signal, so such a node is dropped, never reused. A quiet signal
     * means the claimer touches nothing of the node any more (WakeSignal, reuse).
     */
    private void giveBack(Node<T> node) {
        if (!node.waiter.wakeUp.isQuiet()) {
            return;
        }
        boolean send = node.element != null;
        node.handed = null; // read already; do not keep a received element reachable
        node.element = null;
        if (send) { // or drop it: a spare is there
            SPARE_SENDER.compareAndSet(this, null, node);
        } else {
            SPARE_RECEIVER.compareAndSet(this, null, node);
        }
    }

    /**
     * Decides a plain send's or receive's wait that {@code failure} ended (its wake-up's await threw;
     * {@code node}, of a waiter of its own, is queued or was claimed). The waiter competes for its own
     * claim exactly as {@link Select.Builder#select()} does (step 3 of its overview): if CANCELLED
     * wins, nothing was handed and nothing can be any more, so the node is unlinked and the operation
     * rethrows; if it loses, a counterpart or close() claimed the node as the failure came (and unlinked
     * it: a claim always polls the node first), the hand-off happened, and the operation completes
     * with it. A failure that is not a cancellation is rethrown either way.
     *
     * <p>The operations wait on the signal in their own frame, suspending there themselves
     * ({@link WakeSignal#mustSuspend}, {@link WakeSignal#resumedDone}) rather than through a suspendable
     * helper or {@link WakeSignal#await}: every woven frame between the task and the suspension is saved
     * and restored on every wait, and a rendezvous waits once per element on each side.
     *
     * @return whether the operation completes with its node's {@code handed} (else it rethrows)
     */
    private boolean handedDespite(Node<?> node, Throwable failure) {
        if (node.waiter.claim(Select.CANCELLED) || !(failure instanceof CancellationException)) {
            unlink(node); // a no-op when a claim unlinked it already
            return false;
        }
        return true;
    }

    /** What a counterpart or close() handed the claimed {@code node}; the node goes back as a spare. */
    private Object takeHanded(Node<T> node) {
        Object handed = node.handed;
        giveBack(node);
        return handed;
    }

    private Object pollNow() {
        Object outcome;
        Node<?> sender;
        lock.lock();
        try {
            outcome = pollLocked();
            sender = takeWake();
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.waiter.wake();
        }
        return outcome;
    }

    static ChannelClosedException sendClosed() {
        return new ChannelClosedException("send on a closed channel: the element was not sent");
    }

    static ChannelClosedException receiveClosed() {
        return new ChannelClosedException("receive on a closed channel: every element has been received");
    }

    static void requireElement(Object element) {
        Objects.requireNonNull(element, "a channel refuses null elements (null stands for the end, see receiveOrNull)");
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    // ---------------------------------------------------------------- waiting operations

    /**
     * One clause of a waiting select on this channel: a receive ({@code element == null}) or a send
     * of {@code element}. {@code waiter} and {@code element} are final; the rest is guarded by the
     * lock of the channel the node is queued on.
     */
    static final class Node<E> {
        final Select.Waiter waiter;
        /** The index of the select's clause this node stands for. */
        final int clause;
        /**
         * A send node's element; null for a receive node. Changed only by {@link #reuse}, with the
         * lock held, and by Channel.giveBack, by the one operation that owns the node (see
         * {@link Channel#spareSender}), while it is in no queue.
         */
        E element;
        /**
         * Written with the lock held, just before the CAS that claims the waiter for this node (and
         * cleared if that CAS fails): a receive node's element or {@link #CLOSED}; for a send node
         * {@link #CLOSED} when the channel closed, null when its element was taken. The waiter reads
         * it after reading its claim, a volatile read that follows the CAS.
         */
        Object handed;
        boolean queued;
        Node<?> prev;
        Node<?> next;

        Node(Select.Waiter waiter, int clause, E element) {
            this.waiter = waiter;
            this.clause = clause;
            this.element = element;
        }

        /** A spare node of a plain operation, made ready for its next wait; the lock is held. */
        void reuse(E element) {
            waiter.reuse();
            this.element = element;
            handed = null;
        }
    }

    /** A FIFO of nodes, doubly linked through them so a select unlinks its node in O(1). Guarded by the lock. */
    static final class WaitQueue {
        Node<?> head;
        private Node<?> tail;

        void add(Node<?> n) {
            n.queued = true;
            n.prev = tail;
            if (tail == null) {
                head = n;
            } else {
                tail.next = n;
            }
            tail = n;
        }

        Node<?> poll() {
            Node<?> n = head;
            if (n != null) {
                remove(n);
            }
            return n;
        }

        void remove(Node<?> n) {
            if (n.prev == null) {
                head = n.next;
            } else {
                n.prev.next = n.next;
            }
            if (n.next == null) {
                tail = n.prev;
            } else {
                n.next.prev = n.prev;
            }
            n.prev = null;
            n.next = null;
            n.queued = false;
        }
    }
}
