package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A plain send or receive that waited reuses its node and waiter for its next wait (the channel's
 * spare): each reused wait must start unclaimed and pending, exactly like a fresh one. On a
 * rendezvous channel every send and every receive waits, so each wait after the first reuses the
 * spare; the tests sequence each step by the channel's queue of waiters, never by time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class ChannelWaiterReuseTest {
    private static final int ROUNDS = 500;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyReusedSendWaitsForItsReceiverAndHandsOverItsOwnElement(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> ch = Channel.rendezvous();
            Task<Void> sender = s.spawn(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    ch.send(i);
                }
                return null;
            });
            for (int i = 0; i < ROUNDS; i++) {
                Waits.untilQueued(ch::waitingSenders, 1); // the send waits: a stale, claimed waiter would not
                assertEquals(i, ch.receive());
            }
            Async.await(sender.promise());
            assertNull(ch.tryReceive(), "no send completed without its receiver");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyReusedReceiveWaitsAndReturnsTheElementHandedToIt(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> ch = Channel.rendezvous();
            Task<List<Integer>> receiver = s.spawn(() -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    got.add(ch.receive());
                }
                return got;
            });
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                Waits.untilQueued(ch::waitingReceivers, 1);
                assertTrue(ch.trySend(i), "the receive waits, so the element goes to it at once");
                sent.add(i);
            }
            assertEquals(sent, Async.await(receiver.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledOrClosedWaitOnAReusedNodeEndsAsAFreshOneWould(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            Task<Void> first = s.spawn(() -> {
                ch.send("a");
                ch.send("b"); // reuses the node of the first send's wait
                return null;
            });
            Waits.untilQueued(ch::waitingSenders, 1);
            assertEquals("a", ch.receive());
            Waits.untilQueued(ch::waitingSenders, 1);
            assertTrue(first.cancel());
            assertThrows(CancellationException.class, () -> Async.await(first.promise()));
            assertEquals(0, ch.waitingSenders(), "the cancelled send withdrew its node");
            assertNull(ch.tryReceive(), "the cancelled send sent nothing");

            Task<Void> second = s.spawn(() -> {
                ch.send("c");
                ch.send("d"); // reuses the node of the send of "c"
                return null;
            });
            Waits.untilQueued(ch::waitingSenders, 1);
            assertEquals("c", ch.receive());
            Waits.untilQueued(ch::waitingSenders, 1);
            assertTrue(ch.close());
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> Async.await(second.promise()));
            assertTrue(e.getMessage().contains("not sent"), e.getMessage());
            assertThrows(ChannelClosedException.class, ch::tryReceive, "\"d\" was not sent");
        }
    }
}
