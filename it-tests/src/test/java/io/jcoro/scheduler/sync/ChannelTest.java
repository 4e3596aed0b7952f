package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.TimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Channel: hand-off, back-pressure, close and drain, many producers and consumers, FIFO waiters. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class ChannelTest {
    /** Waits, yielding, until a channel reaches a state (the tests' safety-net timeout bounds it). */
    static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.yield();
        }
    }

    /** Runs {@code body} on a new plain thread (not a pool's, which other blocked bodies could hold). */
    static CompletableFuture<Void> onPlainThread(Runnable body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "plain-thread-of-a-channel-test");
        t.setDaemon(true);
        t.start();
        return done;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRendezvousSendCompletesOnlyWhenAReceiverTakesTheElement(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            assertFalse(ch.trySend("nobody"), "no receiver waits, and there is no buffer");
            assertNull(ch.tryReceive());
            Task<Void> sender = s.spawn(() -> {
                ch.send("x");
                return null;
            });
            until(() -> ch.waitingSenders() == 1);
            assertFalse(sender.isDone(), "the send waits for a receiver");
            assertEquals("x", ch.receive());
            Async.await(sender.promise());
            assertNull(ch.tryReceive(), "the element went to the receiver, nothing stayed behind");

            Task<String> receiver = s.spawn(ch::receive);
            until(() -> ch.waitingReceivers() == 1);
            assertTrue(ch.trySend("y"), "a waiting receiver takes the element at once");
            assertEquals("y", Async.await(receiver.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBoundedChannelMakesTheSenderWaitWhileFull(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> ch = Channel.bounded(2);
            assertEquals(2, ch.capacity());
            assertTrue(ch.trySend(1));
            assertTrue(ch.trySend(2));
            assertFalse(ch.trySend(99), "full");
            Task<Void> sender = s.spawn(() -> {
                ch.send(3);
                ch.send(4);
                return null;
            });
            until(() -> ch.waitingSenders() == 1);
            assertFalse(sender.isDone());
            assertEquals(1, ch.receive());
            until(() -> ch.waitingSenders() == 1); // 3 moved into the freed slot, 4 waits
            assertFalse(sender.isDone());
            assertEquals(2, ch.receive());
            Async.await(sender.promise());
            assertEquals(3, ch.receive());
            assertEquals(4, ch.receive());
            assertNull(ch.tryReceive());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUnboundedChannelNeverMakesTheSenderWait(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> ch = Channel.unbounded();
            int n = 20_000;
            s.blockOn(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
                return null;
            });
            int received = s.blockOn(() -> {
                for (int i = 0; i < n; i++) {
                    assertEquals(i, ch.receive());
                }
                return n;
            });
            assertEquals(n, received);
            assertNull(ch.tryReceive());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void afterCloseSendsFailAndReceiversDrainThenSeeTheEnd(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.bounded(4);
            ch.send("a");
            ch.send("b");
            ch.send("c");
            assertTrue(ch.close());
            assertFalse(ch.close(), "closed already");
            assertTrue(ch.isClosed());
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> ch.trySend("x"));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(ChannelClosedException.class, () -> s.blockOn(() -> {
                ch.send("y");
                return null;
            }));
            List<String> drained = s.blockOn(() -> {
                List<String> got = new ArrayList<>();
                got.add(ch.receive());
                got.add(ch.receiveOrNull());
                ch.forEach(got::add);
                return got;
            });
            assertEquals(List.of("a", "b", "c"), drained);
            assertThrows(ChannelClosedException.class, ch::tryReceive, "the end is not mistaken for empty");
            assertThrows(ChannelClosedException.class, () -> s.blockOn(ch::receive));
            assertNull(s.blockOn(ch::receiveOrNull));
            assertThrows(ChannelClosedException.class, ch::receive, "on a plain thread too");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeEndsWaitingReceiversAndFailsWaitingSenders(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> receiversCh = Channel.rendezvous();
            Task<String> r1 = s.spawn(receiversCh::receive);
            Task<String> r2 = s.spawn(receiversCh::receiveOrNull);
            until(() -> receiversCh.waitingReceivers() == 2);
            receiversCh.close();
            assertThrows(ChannelClosedException.class, () -> Async.await(r1.promise()));
            assertNull(Async.await(r2.promise()));

            Channel<String> sendersCh = Channel.bounded(1);
            sendersCh.send("buffered");
            Task<Void> sender = s.spawn(() -> {
                sendersCh.send("waiting");
                return null;
            });
            until(() -> sendersCh.waitingSenders() == 1);
            sendersCh.close();
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> Async.await(sender.promise()));
            assertTrue(e.getMessage().contains("not sent"), e.getMessage());
            assertEquals("buffered", sendersCh.receive());
            assertNull(sendersCh.receiveOrNull(), "the failed send's element was not sent");
        }
    }

    @Test
    void badInputIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.bounded(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        Channel<String> ch = Channel.unbounded();
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertTrue(npe.getMessage().contains("null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertEquals(0, Channel.bounded(0).capacity(), "bounded(0) is a rendezvous channel");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void waitingReceiversAndWaitingSendersAreServedFirstComeFirstServed(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            int n = 6;
            Channel<Integer> ch = Channel.rendezvous();
            List<Task<Integer>> receivers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                receivers.add(s.spawn(ch::receive));
                int queued = i + 1;
                until(() -> ch.waitingReceivers() == queued);
            }
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i, Async.await(receivers.get(i).promise()), "receiver " + i);
            }

            Channel<Integer> buffered = Channel.bounded(1);
            buffered.send(-1);
            List<Task<Void>> senders = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int value = i;
                senders.add(s.spawn(() -> {
                    buffered.send(value);
                    return null;
                }));
                int queued = i + 1;
                until(() -> buffered.waitingSenders() == queued);
            }
            assertEquals(-1, buffered.receive());
            for (int i = 0; i < n; i++) {
                assertEquals(i, buffered.receive(), "sender " + i);
            }
            for (Task<Void> t : senders) {
                Async.await(t.promise());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void manyProducersAndConsumersReceiveEveryElementExactlyOnce(Kind kind) throws Exception {
        for (int capacity : new int[] {0, 1, 16, Integer.MAX_VALUE}) {
            try (Scheduler s = kind.create()) {
                Channel<Integer> ch = capacity == Integer.MAX_VALUE ? Channel.unbounded() : Channel.bounded(capacity);
                int producers = 4;
                int perProducer = 3_000;
                int total = (producers + 1) * perProducer; // + one plain-thread producer
                AtomicIntegerArray seen = new AtomicIntegerArray(total);
                ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
                List<Task<Void>> producerTasks = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int base = p * perProducer;
                    producerTasks.add(s.spawn(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            ch.send(base + i);
                            if (i % 97 == 0) {
                                Coroutines.yieldNow();
                            }
                        }
                        return null;
                    }));
                }
                List<Task<Void>> consumerTasks = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    consumerTasks.add(s.spawn(() -> {
                        ch.forEach(v -> {
                            seen.incrementAndGet(v);
                            received.add(v);
                        });
                        return null;
                    }));
                }
                CompletableFuture<Void> plainConsumer = onPlainThread(() -> {
                    for (Integer v = ch.receiveOrNull(); v != null; v = ch.receiveOrNull()) {
                        seen.incrementAndGet(v);
                        received.add(v);
                    }
                });
                int plainBase = producers * perProducer;
                for (int i = 0; i < perProducer; i++) {
                    ch.send(plainBase + i); // this test thread is a plain-thread producer
                }
                for (Task<Void> t : producerTasks) {
                    Async.await(t.promise());
                }
                ch.close();
                for (Task<Void> t : consumerTasks) {
                    Async.await(t.promise());
                }
                plainConsumer.get(30, TimeUnit.SECONDS);
                long sum = 0;
                for (int v : received) {
                    sum += v;
                }
                assertEquals(total, received.size(), "capacity " + capacity + ": count");
                assertEquals((long) total * (total - 1) / 2, sum, "capacity " + capacity + ": sum");
                for (int v = 0; v < total; v++) {
                    assertEquals(1, seen.get(v), "capacity " + capacity + ": element " + v);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReceiveThatTimesOutTakesNothing(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            assertThrows(TimeoutException.class, () -> s.blockOn(() ->
                    Coroutines.withTimeout(Duration.ofMillis(5), ch::receive)));
            assertEquals(0, ch.waitingReceivers(), "the withdrawn receive left the queue");
            assertFalse(ch.trySend("after"), "nobody receives any more");

            Channel<String> full = Channel.bounded(1);
            full.send("kept");
            assertThrows(TimeoutException.class, () -> s.blockOn(() -> Coroutines.withTimeout(Duration.ofMillis(5), () -> {
                full.send("dropped");
                return null;
            })));
            assertEquals("kept", full.receive());
            assertNull(full.tryReceive(), "the send that timed out sent nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledReceiveThrowsAndTakesNothing(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.bounded(1);
            Promise<Void> started = Promise.create();
            Task<String> receiver = s.spawn(() -> {
                started.complete(null);
                return ch.receive();
            });
            Async.await(started);
            until(() -> ch.waitingReceivers() == 1);
            assertTrue(receiver.cancel());
            assertThrows(CancellationException.class, () -> Async.await(receiver.promise()));
            ch.send("for the next one");
            assertEquals("for the next one", ch.tryReceive());
        }
    }
}
