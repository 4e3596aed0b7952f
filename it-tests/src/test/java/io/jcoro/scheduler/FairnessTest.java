package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.junit.JcoroExtension;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tasks that keep yielding do not starve others: a task spawned from another thread while every
 * worker is busy with tasks looping on {@code yieldNow()} starts. (On the pool a yield used to go to the
 * worker's own queue, which the worker drains before it looks at submissions from outside: the new task
 * never started.) The bound below is a liveness bound for a loaded machine, not a timing claim.
 */
@ExtendWith(JcoroExtension.class)
class FairnessTest {
    private static final long GENEROUS_SECONDS = 30;

    @ParameterizedTest(name = "{0}, {1} spinning tasks")
    @CsvSource({"SINGLE_THREADED, 2", "SINGLE_THREADED, 4", "PARALLEL_1, 2", "PARALLEL_1, 4", "PARALLEL_2, 2",
            "PARALLEL_2, 4"})
    void aTaskSpawnedFromOutsideStartsWhileOthersSpinOnYield(Kind kind, int spinners) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch allSpinning = new CountDownLatch(spinners);
        try (Scheduler s = kind.create()) {
            Task<?>[] spinning = new Task<?>[spinners];
            for (int i = 0; i < spinners; i++) {
                spinning[i] = s.spawn(() -> {
                    allSpinning.countDown();
                    long yields = 0;
                    while (!stop.get()) {
                        Coroutines.yieldNow();
                        yields++;
                    }
                    return yields;
                });
            }
            assertTrue(allSpinning.await(GENEROUS_SECONDS, TimeUnit.SECONDS), "the spinning tasks did not all start");
            Task<String> late = s.spawn(() -> "started");
            try {
                assertEquals("started", late.promise().toCompletableFuture().get(GENEROUS_SECONDS, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                throw new AssertionError("a task spawned from outside did not start in " + GENEROUS_SECONDS
                        + " s while " + spinners + " tasks looped on yieldNow() on " + kind + ": starved", e);
            } finally {
                stop.set(true);
            }
            for (Task<?> t : spinning) {
                t.promise().toCompletableFuture().get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
