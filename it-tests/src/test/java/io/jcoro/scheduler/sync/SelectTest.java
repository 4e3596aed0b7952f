package io.jcoro.scheduler.sync;

import static io.jcoro.scheduler.sync.ChannelTest.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.PromiseProbe;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Select: exactly one branch runs, the losing clauses consume nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SelectTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void ofSeveralReadyClausesTheFirstRunsAndTheOthersTakeNothing(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> a = Channel.bounded(1);
            Channel<String> b = Channel.bounded(1);
            Channel<String> out = Channel.bounded(1);
            a.send("a1");
            b.send("b1");
            Promise<String> done = Promise.completed("p");
            AtomicInteger branches = new AtomicInteger();
            String r = s.blockOn(() -> Select.<String>builder()
                    .onReceive(a, v -> {
                        branches.incrementAndGet();
                        return "a:" + v;
                    })
                    .onReceive(b, v -> {
                        branches.incrementAndGet();
                        return "b:" + v;
                    })
                    .onSend(out, "o", () -> {
                        branches.incrementAndGet();
                        return "sent";
                    })
                    .onAwait(done, v -> {
                        branches.incrementAndGet();
                        return "promise";
                    })
                    .select());
            assertEquals("a:a1", r, "the first ready clause in order");
            assertEquals(1, branches.get(), "exactly one branch ran");
            assertEquals("b1", b.tryReceive(), "the losing receive took nothing");
            assertNull(out.tryReceive(), "the losing send sent nothing");
            assertNull(a.tryReceive());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaitingSelectTakesTheFirstClauseReadyAndWithdrawsTheRest(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> a = Channel.rendezvous();
            Channel<String> b = Channel.rendezvous();
            Channel<String> out = Channel.rendezvous();
            AtomicInteger branches = new AtomicInteger();
            Task<String> selecting = s.spawn(() -> Select.<String>builder()
                    .onReceive(a, v -> {
                        branches.incrementAndGet();
                        return "a:" + v;
                    })
                    .onSend(out, "o", () -> {
                        branches.incrementAndGet();
                        return "sent";
                    })
                    .onReceive(b, v -> {
                        branches.incrementAndGet();
                        return "b:" + v;
                    })
                    .select());
            until(() -> a.waitingReceivers() == 1 && b.waitingReceivers() == 1 && out.waitingSenders() == 1);
            b.send("b1");
            assertEquals("b:b1", Async.await(selecting.promise()));
            assertEquals(1, branches.get());
            assertEquals(0, a.waitingReceivers(), "the losing receive was withdrawn");
            assertEquals(0, out.waitingSenders(), "the losing send was withdrawn");
            assertFalse(a.trySend("a1"), "nobody receives from a any more");
            assertNull(out.tryReceive(), "the losing send sent nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aLosingReceiveLeavesTheOtherSenderWaiting(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> a = Channel.rendezvous();
            Channel<String> b = Channel.rendezvous();
            Task<Void> senderA = s.spawn(() -> {
                a.send("a1");
                return null;
            });
            Task<Void> senderB = s.spawn(() -> {
                b.send("b1");
                return null;
            });
            until(() -> a.waitingSenders() == 1 && b.waitingSenders() == 1);
            String r = s.blockOn(() -> Select.<String>builder()
                    .onReceive(b, v -> "b:" + v)
                    .onReceive(a, v -> "a:" + v)
                    .select());
            assertEquals("b:b1", r);
            Async.await(senderB.promise());
            assertEquals(1, a.waitingSenders(), "a's sender still waits");
            assertFalse(senderA.isDone());
            assertEquals("a1", a.receive());
            Async.await(senderA.promise());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSendClauseWinsWhenAReceiverComes(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> a = Channel.rendezvous();
            Channel<Integer> b = Channel.rendezvous();
            Task<String> selecting = s.spawn(() -> Select.<String>builder()
                    .onSend(a, 1, () -> "sent 1 on a")
                    .onSend(b, 2, () -> "sent 2 on b")
                    .select());
            until(() -> a.waitingSenders() == 1 && b.waitingSenders() == 1);
            assertEquals(2, b.receive());
            assertEquals("sent 2 on b", Async.await(selecting.promise()));
            assertNull(a.tryReceive(), "the losing send sent nothing");
            assertEquals(0, a.waitingSenders());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theTimeoutBranchRunsWhenNothingElseIsReady(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            Promise<String> never = Promise.create();
            String r = s.blockOn(() -> Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onAwait(never, v -> "promise")
                    .onTimeout(Duration.ofMillis(20), () -> "timed out")
                    .select());
            assertEquals("timed out", r);
            assertEquals(0, ch.waitingReceivers(), "the receive was withdrawn");
            assertFalse(ch.trySend("late"));

            // a zero timeout is a default branch: checked after every other clause
            Channel<String> ready = Channel.bounded(1);
            ready.send("r");
            assertEquals("got r", s.blockOn(() -> Select.<String>builder()
                    .onTimeout(Duration.ZERO, () -> "default")
                    .onReceive(ready, v -> "got " + v)
                    .select()));
            assertEquals("default", s.blockOn(() -> Select.<String>builder()
                    .onTimeout(Duration.ZERO, () -> "default")
                    .onReceive(ready, v -> "got " + v)
                    .select()));
            assertEquals(0, ready.waitingReceivers());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thePromiseBranchRunsWhenThePromiseSettles(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            Promise<String> p = Promise.create();
            Task<String> selecting = s.spawn(() -> Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onAwait(p, v -> "promise " + v)
                    .onTimeout(Duration.ofDays(1), () -> "timed out")
                    .select());
            until(() -> ch.waitingReceivers() == 1);
            p.complete("done");
            assertEquals("promise done", Async.await(selecting.promise()));
            assertFalse(ch.trySend("late"), "the receive was withdrawn");

            Promise<String> failing = Promise.create();
            Task<String> failed = s.spawn(() -> Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onAwait(failing, v -> "promise " + v)
                    .select());
            until(() -> ch.waitingReceivers() == 1);
            IOException boom = new IOException("boom");
            failing.fail(boom);
            Exception thrown = assertThrows(Exception.class, () -> Async.await(failed.promise()));
            assertSame(boom, thrown, "select throws the promise's failure as it is");
            assertFalse(ch.trySend("late"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aLongLivedPromiseKeepsNothingOfTheSelectsThatWatchedIt(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Promise<String> shutdown = Promise.create();
            Channel<Integer> ch = Channel.rendezvous();
            int n = 3_000;
            int timeouts = s.blockOn(() -> {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    count += Select.<Integer>builder() // registers on the promise, then the timeout wins
                            .onAwait(shutdown, v -> 0)
                            .onReceive(ch, v -> 0)
                            .onTimeout(Duration.ofNanos(1), () -> 1)
                            .select();
                }
                return count;
            });
            assertEquals(n, timeouts);
            assertEquals(1, PromiseProbe.listenerCount(shutdown), "one callback for all the selects that watched it");
            assertEquals(0, Select.watching(shutdown), "every select that ended removed its hook");
            Task<String> waiting = s.spawn(() -> Select.<String>builder()
                    .onReceive(ch, v -> "got")
                    .onAwait(shutdown, v -> "shut down: " + v)
                    .select());
            until(() -> Select.watching(shutdown) == 1);
            shutdown.complete("bye");
            assertEquals("shut down: bye", Async.await(waiting.promise()));
            assertEquals("shut down: bye", s.blockOn(() -> Select.<String>builder()
                    .onReceive(ch, v -> "got")
                    .onAwait(shutdown, v -> "shut down: " + v)
                    .select()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closedChannelsMakeTheirClausesReady(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> closed = Channel.rendezvous();
            closed.close();
            Promise<String> never = Promise.create();
            assertThrows(ChannelClosedException.class, () -> s.blockOn(() -> Select.<String>builder()
                    .onAwait(never, v -> v)
                    .onReceive(closed, v -> v)
                    .select()));
            assertEquals("end", s.blockOn(() -> Select.<String>builder()
                    .onAwait(never, v -> v)
                    .onReceiveOrNull(closed, v -> v == null ? "end" : v)
                    .select()));
            assertThrows(ChannelClosedException.class, () -> s.blockOn(() -> Select.<String>builder()
                    .onAwait(never, v -> v)
                    .onSend(closed, "x", () -> "sent")
                    .select()));

            Channel<String> closing = Channel.rendezvous();
            Task<String> waiting = s.spawn(() -> Select.<String>builder()
                    .onReceiveOrNull(closing, v -> v == null ? "end" : v)
                    .onAwait(never, v -> v)
                    .select());
            until(() -> closing.waitingReceivers() == 1);
            closing.close();
            assertEquals("end", Async.await(waiting.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledSelectThrowsAndConsumesNothing(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> in = Channel.rendezvous();
            Channel<String> out = Channel.rendezvous();
            Promise<String> never = Promise.create();
            AtomicInteger branches = new AtomicInteger();
            Task<String> selecting = s.spawn(() -> Select.<String>builder()
                    .onReceive(in, v -> {
                        branches.incrementAndGet();
                        return v;
                    })
                    .onSend(out, "o", () -> {
                        branches.incrementAndGet();
                        return "sent";
                    })
                    .onAwait(never, v -> v)
                    .onTimeout(Duration.ofDays(1), () -> "timed out")
                    .select());
            until(() -> in.waitingReceivers() == 1 && out.waitingSenders() == 1);
            assertTrue(selecting.cancel());
            assertThrows(CancellationException.class, () -> Async.await(selecting.promise()));
            assertEquals(0, branches.get());
            assertEquals(0, in.waitingReceivers());
            assertEquals(0, out.waitingSenders());
            assertFalse(in.trySend("x"));
            assertNull(out.tryReceive());
            never.complete("late"); // the select's callback on it no longer does anything
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneSelectMayWaitToSendAndToReceiveOnTheSameChannel(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> ch = Channel.rendezvous();
            Task<String> selecting = s.spawn(() -> Select.<String>builder()
                    .onSend(ch, "mine", () -> "sent")
                    .onReceive(ch, v -> "got " + v)
                    .select());
            until(() -> ch.waitingReceivers() == 1 && ch.waitingSenders() == 1);
            ch.send("yours");
            assertEquals("got yours", Async.await(selecting.promise()));
            assertNull(ch.tryReceive(), "the losing send sent nothing");
            assertEquals(0, ch.waitingSenders());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlainThreadSelectBlocks(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<String> a = Channel.rendezvous();
            Channel<String> b = Channel.rendezvous();
            Task<Void> sender = s.spawn(() -> {
                b.send("from a task");
                return null;
            });
            String r = Select.<String>builder() // on this test thread: blocks
                    .onReceive(a, v -> "a:" + v)
                    .onReceive(b, v -> "b:" + v)
                    .select();
            assertEquals("b:from a task", r);
            Async.await(sender.promise());
            assertEquals("timeout", Select.<String>builder()
                    .onReceive(a, v -> "a:" + v)
                    .onTimeout(Duration.ofMillis(5), () -> "timeout")
                    .select());
            assertEquals(0, a.waitingReceivers());
        }
    }

    @Test
    void badSelectsAreRefused() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> Select.<String>builder().select());
        assertTrue(none.getMessage().contains("at least one clause"), none.getMessage());
        Select.Builder<String> b = Select.<String>builder().onTimeout(Duration.ZERO, () -> "x");
        assertThrows(IllegalStateException.class, () -> b.onTimeout(Duration.ZERO, () -> "y"));
        assertThrows(NullPointerException.class, () -> Select.<String>builder().onSend(Channel.<String>unbounded(), null, () -> "x"));
        assertThrows(NullPointerException.class, () -> Select.<String>builder().onReceive(null, v -> "x"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBuilderCanSelectAgain(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Channel<Integer> ch = Channel.unbounded();
            for (int i = 0; i < 5; i++) {
                ch.send(i);
            }
            ch.close();
            int sum = s.blockOn(() -> {
                Select.Builder<Integer> sel = Select.<Integer>builder().onReceiveOrNull(ch, v -> v == null ? -1 : v);
                int total = 0;
                for (int v = sel.select(); v >= 0; v = sel.select()) {
                    total += v;
                }
                return total;
            });
            assertEquals(10, sum);
        }
    }
}
