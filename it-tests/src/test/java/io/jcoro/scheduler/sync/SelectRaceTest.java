package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Selects whose clauses race each other from different threads: hand-offs on two channels against
 * short timeouts (the timer thread's claim) and against a promise completed mid-way (its callback's
 * claim), in tasks and on plain threads at once. Every value a send clause reports sent is received
 * exactly once; nothing a losing clause offered is ever received.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SelectRaceTest {
    private static final int ROUNDS = 40;
    private static final int ATTEMPTS = 60;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void timeoutsAndPromisesRacingHandOffsConsumeNothing(Kind kind) throws Exception {
        Random random = new Random(31L * kind.ordinal() + 5);
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        AtomicInteger handedOff = new AtomicInteger();
        try (Scheduler s = kind.create()) {
            for (int round = 0; round < ROUNDS; round++) {
                int capacity = new int[] {0, 1, 2}[round % 3];
                Channel<Integer> a = Channel.bounded(capacity);
                Channel<Integer> b = Channel.bounded(capacity);
                Promise<String> stop = Promise.create();
                ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
                List<Task<Void>> tasks = new ArrayList<>();
                List<CompletableFuture<Void>> threads = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    int base = round * 100_000 + p * 1_000;
                    long seed = random.nextLong();
                    Callable producer = () -> {
                        Random r = new Random(seed);
                        for (int i = 0; i < ATTEMPTS; i++) {
                            int v = base + 2 * i;
                            Integer won = Select.<Integer>builder()
                                    .onSend(a, v, () -> v)
                                    .onSend(b, v + 1, () -> v + 1)
                                    .onTimeout(Duration.ofNanos(r.nextInt(30_000)), () -> null)
                                    .select();
                            if (won != null) {
                                sent.add(won);
                                handedOff.incrementAndGet();
                            } else {
                                timedOut.incrementAndGet();
                            }
                        }
                        return null;
                    };
                    if (p == 0) {
                        threads.add(ChannelTest.onPlainThread(producer::callUnchecked));
                    } else {
                        tasks.add(s.spawn(producer::call));
                    }
                }
                for (int c = 0; c < 3; c++) {
                    long seed = random.nextLong();
                    Callable consumer = () -> {
                        Random r = new Random(seed);
                        for (int i = 0; i < 2 * ATTEMPTS; i++) {
                            Integer got = Select.<Integer>builder()
                                    .onAwait(stop, x -> -1)
                                    .onReceive(b, x -> x)
                                    .onReceive(a, x -> x)
                                    .onTimeout(Duration.ofNanos(r.nextInt(30_000)), () -> null)
                                    .select();
                            if (got == null) {
                                timedOut.incrementAndGet();
                            } else if (got == -1) {
                                stopped.incrementAndGet();
                                return null;
                            } else {
                                received.add(got);
                            }
                        }
                        return null;
                    };
                    if (c == 0) {
                        threads.add(ChannelTest.onPlainThread(consumer::callUnchecked));
                    } else {
                        tasks.add(s.spawn(consumer::call));
                    }
                }
                for (int i = 0; i < 1 + random.nextInt(5); i++) { // let them run a little, then stop the consumers
                    Thread.yield();
                }
                stop.complete("stop");
                for (Task<Void> t : tasks) {
                    Async.await(t.promise());
                }
                for (CompletableFuture<Void> f : threads) {
                    f.get(60, TimeUnit.SECONDS);
                }
                Books.closeAndDrain(received, a, b);
                Books.assertEachSentReceivedOnce("round " + round + " (capacity " + capacity + ")", sent, received);
            }
        }
        assertTrue(timedOut.get() > 0 && handedOff.get() > 0 && stopped.get() > 0,
                "timeouts " + timedOut + ", hand-offs " + handedOff + ", stops " + stopped);
    }

    /** A body run both as a task and on a plain thread. */
    @FunctionalInterface
    private interface Callable {
        @io.jcoro.Suspendable
        Void call() throws Exception;

        default void callUnchecked() {
            try {
                call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
