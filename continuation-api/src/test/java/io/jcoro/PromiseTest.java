package io.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PromiseTest {
    @Test
    void aPromiseSettlesOnlyOnce() {
        Promise<String> p = Promise.create();
        assertFalse(p.isDone());
        assertTrue(p.complete("first"));
        assertFalse(p.complete("second"));
        assertFalse(p.fail(new IOException("late")));
        assertTrue(p.isDone());
        assertFalse(p.isFailed());
        assertEquals("first", p.resultNow());
        assertThrows(IllegalStateException.class, p::exceptionNow);

        Promise<String> f = Promise.create();
        IOException error = new IOException("x");
        assertTrue(f.fail(error));
        assertFalse(f.complete("too late"));
        assertTrue(f.isFailed());
        assertSame(error, f.exceptionNow());
        IllegalStateException e = assertThrows(IllegalStateException.class, f::resultNow);
        assertSame(error, e.getCause());
    }

    @Test
    void nullIsAValue() {
        Promise<String> p = Promise.create();
        assertTrue(p.complete(null));
        assertTrue(p.isDone());
        assertNull(p.resultNow());
        assertNull(Promise.completed(null).resultNow());
        assertThrows(IllegalStateException.class, () -> Promise.create().resultNow(), "pending");
    }

    @Test
    void callbacksRunOnceEachInRegistrationOrderBeforeAndAfterSettling() {
        Promise<Integer> p = Promise.create();
        List<String> log = new ArrayList<>();
        p.whenComplete((v, e) -> log.add("a" + v));
        p.whenComplete((v, e) -> log.add("b" + v));
        assertEquals(List.of(), log);
        p.complete(1);
        p.complete(2);
        p.whenComplete((v, e) -> log.add("c" + v)); // already settled: runs at once
        assertEquals(List.of("a1", "b1", "c1"), log);

        Promise<Integer> f = Promise.failed(new IOException("no"));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        f.whenComplete((v, e) -> seen.set(e));
        assertEquals("no", seen.get().getMessage());
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthersAndReachesTheUncaughtHandler() throws Exception {
        Promise<String> p = Promise.create();
        AtomicInteger ran = new AtomicInteger();
        p.whenComplete((v, e) -> {
            throw new IllegalStateException("callback bug");
        });
        p.whenComplete((v, e) -> ran.incrementAndGet());
        AtomicReference<Throwable> uncaught = new AtomicReference<>();
        Thread completer = new Thread(() -> assertTrue(p.complete("v")));
        completer.setUncaughtExceptionHandler((t, e) -> uncaught.set(e));
        completer.start();
        completer.join();
        assertEquals(1, ran.get());
        assertEquals("callback bug", uncaught.get().getMessage());
    }

    @Test
    void racingCompletersAndRegistrarsEveryCallbackRunsExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Promise<Integer> p = Promise.create();
            int threads = 8;
            int callbacksPerThread = 50;
            AtomicIntegerArray runs = new AtomicIntegerArray(threads * callbacksPerThread);
            AtomicInteger winners = new AtomicInteger();
            AtomicReference<Integer> seenValue = new AtomicReference<>();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    await(start);
                    for (int c = 0; c < callbacksPerThread; c++) {
                        int slot = id * callbacksPerThread + c;
                        p.whenComplete((v, e) -> {
                            runs.incrementAndGet(slot);
                            seenValue.compareAndSet(null, v);
                        });
                        if (c == callbacksPerThread / 2 && p.complete(id)) {
                            winners.incrementAndGet();
                        }
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            assertEquals(1, winners.get(), "exactly one completion wins");
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "callback " + i + " in round " + round);
            }
            assertEquals(p.resultNow(), seenValue.get());
        }
    }

    @Test
    void fromACompletionStageUnwrapsCompletionException() {
        CompletableFuture<String> ok = new CompletableFuture<>();
        Promise<String> p = Promise.from(ok);
        assertFalse(p.isDone());
        ok.complete("yes");
        assertEquals("yes", p.resultNow());

        IOException error = new IOException("io");
        CompletableFuture<String> source = new CompletableFuture<>();
        Promise<String> dependent = Promise.from(source.thenApply(s -> s + "!"));
        source.completeExceptionally(error);
        assertSame(error, dependent.exceptionNow(), "not the CompletionException the dependent stage reports");

        CompletionException bare = new CompletionException("no cause", null);
        assertSame(bare, Promise.from(CompletableFuture.failedFuture(bare)).exceptionNow());
    }

    @Test
    void toCompletableFutureFollowsThePromiseButCannotCompleteIt() throws Exception {
        Promise<String> p = Promise.create();
        CompletableFuture<String> f = p.toCompletableFuture();
        assertFalse(f.isDone());
        p.complete("v");
        assertEquals("v", f.get());

        Promise<String> q = Promise.create();
        CompletableFuture<String> g = q.toCompletableFuture();
        g.complete("forced");
        assertFalse(q.isDone(), "completing the future does not complete the promise");
        IOException error = new IOException("e");
        q.fail(error);
        ExecutionException e = assertThrows(ExecutionException.class, () -> q.toCompletableFuture().get());
        assertSame(error, e.getCause());
    }

    // ---------------------------------------------------------------- combinators

    @Test
    void allCollectsValuesInInputOrderWhateverTheCompletionOrder() {
        Promise<Integer> a = Promise.create();
        Promise<String> b = Promise.create();
        Promise<List<Object>> all = Promise.all(a, b, Promise.completed(null));
        b.complete("b");
        assertFalse(all.isDone());
        a.complete(1);
        assertEquals(Arrays.asList(1, "b", null), all.resultNow());
        assertEquals(List.of(), Promise.all().resultNow());

        List<Promise<Integer>> typed = List.of(Promise.completed(1), Promise.completed(2));
        List<Integer> values = Promise.all(typed).resultNow();
        assertEquals(List.of(1, 2), values);
    }

    @Test
    void allFailsWithTheFirstFailureWithoutWaitingForTheRest() {
        Promise<Integer> pending = Promise.create();
        Promise<Integer> failing = Promise.create();
        Promise<List<Object>> all = Promise.all(pending, failing);
        IOException first = new IOException("first");
        failing.fail(first);
        assertSame(first, all.exceptionNow());
        pending.fail(new IOException("second"));
        assertSame(first, all.exceptionNow());
    }

    @Test
    void anySucceedsWithTheFirstSuccessEvenAfterFailures() {
        Promise<String> a = Promise.create();
        Promise<String> b = Promise.create();
        Promise<String> c = Promise.create();
        Promise<String> any = Promise.any(a, b, c);
        a.fail(new IOException("a"));
        assertFalse(any.isDone(), "a failure does not settle any() while others may succeed");
        c.complete("c");
        b.complete("b");
        assertEquals("c", any.resultNow());
    }

    @Test
    void anyFailsOnlyWhenAllFailWithEveryCauseInInputOrder() {
        Promise<String> a = Promise.create();
        Promise<String> b = Promise.create();
        Promise<String> any = Promise.any(a, b);
        IOException eb = new IOException("b");
        IllegalStateException ea = new IllegalStateException("a");
        b.fail(eb);
        assertFalse(any.isDone());
        a.fail(ea);
        AggregateException agg = assertInstanceOf(AggregateException.class, any.exceptionNow());
        assertEquals(List.of(ea, eb), agg.errors());
        assertEquals(List.of(ea, eb), Arrays.asList(agg.getSuppressed()));

        AggregateException none = assertInstanceOf(AggregateException.class, Promise.any().exceptionNow());
        assertEquals(List.of(), none.errors());
    }

    @Test
    void raceSettlesLikeTheFirstToSettleValueOrFailure() {
        Promise<String> slow = Promise.create();
        Promise<String> fast = Promise.create();
        Promise<String> race = Promise.race(slow, fast);
        IOException error = new IOException("fast failure");
        fast.fail(error);
        slow.complete("slow");
        assertSame(error, race.exceptionNow());

        Promise<String> r2 = Promise.race(Promise.create(), Promise.completed("done"));
        assertEquals("done", r2.resultNow());
        assertFalse(Promise.race().isDone(), "race of nothing stays pending, as in JavaScript");
    }

    @Test
    void allSettledNeverFailsAndReportsEveryOutcomeInOrder() {
        Promise<String> a = Promise.create();
        Promise<Integer> b = Promise.create();
        Promise<List<Settled<?>>> all = Promise.allSettled(a, b, Promise.completed(null));
        IOException error = new IOException("b failed");
        b.fail(error);
        assertFalse(all.isDone());
        a.complete("a");
        List<Settled<?>> outcomes = all.resultNow();
        assertEquals(3, outcomes.size());
        assertTrue(outcomes.get(0).succeeded());
        assertEquals("a", outcomes.get(0).value());
        assertFalse(outcomes.get(1).succeeded());
        assertSame(error, outcomes.get(1).error());
        assertTrue(outcomes.get(2).succeeded());
        assertNull(outcomes.get(2).value());
        assertEquals(Collections.emptyList(), Promise.allSettled().resultNow());
    }

    @Test
    void combinatorsSettleExactlyOnceUnderConcurrentCompletion() throws Exception {
        int n = 64;
        List<Promise<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(Promise.create());
        }
        Promise<List<Integer>> all = Promise.all(inputs);
        AtomicInteger allRuns = new AtomicInteger();
        all.whenComplete((v, e) -> allRuns.incrementAndGet());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                awaitLatch(go);
                for (int i = id; i < n; i += 4) {
                    inputs.get(i).complete(i);
                }
            });
            ts.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(1, allRuns.get());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, all.resultNow());
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
