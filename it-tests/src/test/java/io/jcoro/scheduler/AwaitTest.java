package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Async#await} in the three places it can run: a plain thread, a plain continuation, a task. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class AwaitTest {
    @Test
    void awaitOnACompletedPromiseReturnsWithoutSuspending() {
        AtomicReference<Object> seen = new AtomicReference<>();
        Continuation c = new Continuation(() -> seen.set(Async.await(Promise.completed("ready"))));
        c.resume();
        assertTrue(c.isDone(), "one resume ran the whole body: the await did not suspend");
        assertEquals("ready", seen.get());
    }

    @Test
    void awaitOnAFailedPromiseThrowsTheFailureWithoutSuspending() {
        IOException failure = new IOException("disk on fire");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Continuation c = new Continuation(() -> {
            try {
                Async.await(Promise.failed(failure));
            } catch (Exception e) {
                caught.set(e);
            }
        });
        c.resume();
        assertTrue(c.isDone());
        assertSame(failure, caught.get(), "the checked exception itself, not wrapped");
    }

    @Test
    void awaitInAPlainContinuationSuspendsUntilThePromiseSettles() {
        Promise<Integer> p = Promise.create();
        AtomicReference<Integer> seen = new AtomicReference<>();
        Continuation c = new Continuation(() -> seen.set(Async.await(p) + 1));
        c.resume();
        assertFalse(c.isDone(), "suspended at the await");
        c.resume();
        assertFalse(c.isDone(), "resumed too early: the await checks the promise and suspends again");
        p.complete(41);
        c.resume();
        assertTrue(c.isDone());
        assertEquals(42, seen.get());
    }

    @Test
    void awaitOutsideAnyCoroutineBlocksUntilAnotherThreadCompletes() throws Exception {
        Promise<String> p = Promise.create();
        Thread awaiting = Thread.currentThread();
        AtomicReference<Thread.State> stateWhenCompleted = new AtomicReference<>();
        Thread completer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (awaiting.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            stateWhenCompleted.set(awaiting.getState());
            p.complete("from " + Thread.currentThread().getName());
        }, "completer");
        completer.start();
        String value = Async.await(p);
        completer.join();
        assertEquals("from completer", value);
        assertEquals(Thread.State.WAITING, stateWhenCompleted.get(), "the awaiting thread was blocked");
    }

    @Test
    void awaitOutsideAnyCoroutineThrowsTheFailureUnwrapped() throws Exception {
        Promise<String> p = Promise.create();
        IllegalStateException failure = new IllegalStateException("nope");
        Thread t = new Thread(() -> p.fail(failure));
        t.start();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Async.await(p));
        assertSame(failure, thrown);
        t.join();
    }

    @Test
    void awaitOnACompletionStageUnwrapsCompletionException() {
        IOException failure = new IOException("remote said no");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> source = CompletableFuture.supplyAsync(() -> {
            awaitLatch(go);
            return "x";
        });
        CompletableFuture<String> dependent = source.thenApply(s -> {
            throw new RuntimeException(new IOException("unused"));
        });
        CompletableFuture<String> failing = source.thenCompose(s -> CompletableFuture.failedFuture(failure));
        go.countDown();
        Exception e = assertThrows(Exception.class, () -> Async.await(failing));
        assertSame(failure, e, "CompletionException unwrapped to the original failure");
        RuntimeException r = assertThrows(RuntimeException.class, () -> Async.await(dependent));
        assertEquals(IOException.class, r.getCause().getClass(), "the function's own exception, not CompletionException");
    }

    @Test
    void awaitInsideATaskOnASettledPromiseDoesNotSuspendTheTask() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            int v = s.blockOn(() -> Async.await(Promise.completed(20)) + Async.await(Promise.completed(22)));
            assertEquals(42, v);
            assertEquals(1, s.stats().resumes(), "the task ran once, start to end");
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
