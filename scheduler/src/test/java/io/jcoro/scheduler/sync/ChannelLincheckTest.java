package io.jcoro.scheduler.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link Channel}'s state machine with Lincheck, in two ways.
 *
 * <p><b>The non-suspending surface is linearizable.</b> {@code trySend}, {@code tryReceive} and
 * {@code close} on a bounded channel, on three threads, give in every interleaving up to the bounds
 * results that the same operations give run one at a time in some order consistent with real time
 * (Lincheck's sequential specification is the class itself, run sequentially).
 *
 * <p><b>The waiter path conserves elements.</b> Besides those operations, a send or receive that must
 * wait is driven through its real steps without awaiting (a model checker cannot explore a blocking
 * await): the {@link Select} waiter of a one-clause select registers ({@code completeNowOrRegister},
 * which completes at once when it can), and a cancellation competes for its claim with the hand-offs
 * ({@code claim}, then {@code deregister}, as {@code select()} does when its await throws; a lost claim
 * means a hand-off happened and completes the operation). Every send offers a distinct element.
 * Checked after every interleaving up to the bounds, on a rendezvous and on a bounded channel: each
 * claimed waiter had its promise completed and no unclaimed one had (no lost wake-up); the elements
 * sent and not yet received fit the buffer; no live receiver waits while elements are buffered, and no
 * live sender while there is room (invariants C1, C2 of {@code Channel}); nobody waits on a closed
 * channel (C4); then, draining the channel, every element whose send completed is received exactly
 * once, and no element of a withdrawn or failed send is. The checker is shown to find the element lost
 * by a cancellation that withdraws without looking at its claim.
 */
public class ChannelLincheckTest {
    // ---------------------------------------------------------------- the non-suspending surface

    /** trySend, tryReceive and close on a bounded(2) channel; results as strings, for readable reports. */
    public static class Surface {
        private final Channel<Integer> ch = Channel.bounded(2);

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                return ch.trySend(v) ? "sent" : "full";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public String tryReceive() {
            try {
                Integer v = ch.tryReceive();
                return v == null ? "empty" : "got " + v;
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public boolean close() {
            return ch.close();
        }
    }

    @Test
    void trySendTryReceiveAndCloseAreLinearizable() {
        LinChecker.check(Surface.class, new ModelCheckingOptions()
                .iterations(5)
                .invocationsPerIteration(50)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1));
    }

    // ---------------------------------------------------------------- the waiter path

    public static class RealRendezvous extends Model {
        public RealRendezvous() {
            super(0, true);
        }
    }

    public static class RealBounded extends Model {
        public RealBounded() {
            super(1, true);
        }
    }

    /** A cancelled operation withdraws without looking whether a hand-off claimed it first. */
    public static class CancelIgnoresTheClaim extends Model {
        public CancelIgnoresTheClaim() {
            super(0, false);
        }
    }

    /** A channel, the elements sent and received, and the waiting operations not cancelled yet. */
    public abstract static class Model {
        /** The claim a cancelled operation makes (select() makes its own private token the same way). */
        private static final Object CANCELLED = new Object();
        private final int capacity;
        private final Channel<Integer> ch;
        private final boolean real;
        private final AtomicInteger nextElement = new AtomicInteger();
        /** Elements whose send completed without a waiter (trySend, or a waiter that completed at once). */
        private final Set<Integer> sent = ConcurrentHashMap.newKeySet();
        /** Elements received without a waiter, in the order of receipt (duplicates kept). */
        private final ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        /** Registered operations not cancelled yet: still live, or claimed by a hand-off or the close. */
        private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

        /** A registered send or receive. */
        private static final class Waiting {
            final Select.Waiter w;
            final boolean send;

            Waiting(Select.Waiter w, boolean send) {
                this.w = w;
                this.send = send;
            }
        }

        Model(int capacity, boolean real) {
            this.capacity = capacity;
            this.ch = Channel.bounded(capacity);
            this.real = real;
        }

        @Operation
        public void trySend() {
            int v = nextElement.incrementAndGet();
            try {
                if (ch.trySend(v)) {
                    sent.add(v);
                }
            } catch (ChannelClosedException e) {
                // not sent
            }
        }

        @Operation
        public void tryReceive() {
            try {
                Integer v = ch.tryReceive();
                if (v != null) {
                    received.add(v);
                }
            } catch (ChannelClosedException e) {
                // the end
            }
        }

        @Operation
        public void close() {
            ch.close();
        }

        /** A send up to its await: completes at once, or registers its waiter. */
        @Operation
        public void send() {
            register(Select.<Object>builder().onSend(ch, nextElement.incrementAndGet(), () -> null), true);
        }

        /** A receive up to its await: completes at once, or registers its waiter. */
        @Operation
        public void receive() {
            register(Select.<Object>builder().onReceive(ch, v -> v), false);
        }

        private void register(Select.Builder<Object> select, boolean send) {
            Select.Waiter w = select.newWaiter();
            if (w.completeNowOrRegister()) {
                settle(w, sent, received);
            } else {
                waiting.add(new Waiting(w, send));
            }
        }

        /** The oldest waiting operation is cancelled: withdraws, or completes with a hand-off that won first. */
        @Operation
        public void cancel() {
            Waiting op = waiting.poll();
            if (op == null) {
                return;
            }
            Select.Waiter w = op.w;
            boolean withdrawn = w.claim(CANCELLED);
            w.deregister();
            if (!withdrawn && real) {
                settle(w, sent, received);
            }
        }

        /** Books the outcome of a claimed operation: a send that took, or a receive's element. */
        private static void settle(Select.Waiter w, Set<Integer> sent, Collection<Integer> received) {
            Channel.Node<?> node = (Channel.Node<?>) w.winner;
            if (node.element != null) { // a send: handed is null when its element was taken, CLOSED when it failed
                if (node.handed == null) {
                    sent.add((Integer) node.element);
                }
            } else if (node.handed != Channel.CLOSED) {
                received.add((Integer) node.handed);
            }
        }

        @Validate
        public void check() {
            Set<Integer> allSent = new HashSet<>(sent);
            List<Integer> allReceived = new ArrayList<>(received);
            int liveSenders = 0;
            int liveReceivers = 0;
            for (Waiting op : waiting) {
                Select.Waiter w = op.w;
                if (w.winner == null) {
                    if (w.wakeUp.isDone()) {
                        throw new IllegalStateException("a waiter was woken without being claimed");
                    }
                    if (op.send) {
                        liveSenders++;
                    } else {
                        liveReceivers++;
                    }
                } else {
                    if (!w.wakeUp.isDone()) {
                        throw new IllegalStateException("lost wake-up: a waiter was claimed by " + w.winner
                                + " and not woken");
                    }
                    settle(w, allSent, allReceived);
                }
            }
            if (liveSenders != ch.waitingSenders() || liveReceivers != ch.waitingReceivers()) {
                throw new IllegalStateException("the channel counts " + ch.waitingSenders() + " live senders and "
                        + ch.waitingReceivers() + " live receivers, the waiters say " + liveSenders + " and "
                        + liveReceivers);
            }
            int buffered = allSent.size() - allReceived.size();
            if (buffered > capacity) {
                throw new IllegalStateException("element lost: " + allSent.size() + " sent and " + allReceived.size()
                        + " received, more than a buffer of " + capacity + " holds");
            }
            if (buffered < 0) {
                throw new IllegalStateException("made-up elements: " + allSent.size() + " sent and "
                        + allReceived.size() + " received");
            }
            if (buffered > 0 && liveReceivers > 0) {
                throw new IllegalStateException("C1: " + liveReceivers + " receivers wait while " + buffered
                        + " elements are buffered");
            }
            if (buffered < capacity && liveSenders > 0) {
                throw new IllegalStateException("C2: " + liveSenders + " senders wait while the buffer has room");
            }
            if (ch.isClosed() && liveSenders + liveReceivers > 0) {
                throw new IllegalStateException("C4: waiters on a closed channel");
            }
            drainInto(allReceived);
            // the drain claimed every live sender: book them too (a set: booking twice is harmless)
            for (Waiting op : waiting) {
                if (op.send && op.w.winner != null) {
                    settle(op.w, allSent, allReceived);
                }
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (Integer v : allReceived) {
                if (counts.merge(v, 1, Integer::sum) > 1) {
                    throw new IllegalStateException("element " + v + " received twice");
                }
                if (!allSent.contains(v)) {
                    throw new IllegalStateException("element " + v + " received, but its send did not complete");
                }
            }
            for (Integer v : allSent) {
                if (!counts.containsKey(v)) {
                    throw new IllegalStateException("element lost: " + v + " was sent and never received");
                }
            }
        }

        /** Receives what the channel holds (buffered, or offered by live senders) into {@code into}. */
        private void drainInto(List<Integer> into) {
            try {
                for (Integer v = ch.tryReceive(); v != null; v = ch.tryReceive()) {
                    into.add(v);
                }
            } catch (ChannelClosedException e) {
                // the end
            }
        }
    }

    /** Small bounds: a select's register path has many switch points, so each interleaving costs more. */
    private static ModelCheckingOptions options(int iterations) {
        return new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(50)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(0);
    }

    @Test
    void rendezvousWaitersNeitherLoseNorDuplicateAnElementNorAWakeUp() {
        LinChecker.check(RealRendezvous.class, options(5));
    }

    @Test
    void boundedWaitersNeitherLoseNorDuplicateAnElementNorAWakeUp() {
        LinChecker.check(RealBounded.class, options(5));
    }

    @Test
    void theCheckerFindsTheElementLostByACancellationThatIgnoresItsClaim() {
        ModelChecks.assertFinds(CancelIgnoresTheClaim.class, options(30), "element lost");
    }
}
