package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.PromiseProbe;
import io.jcoro.junit.JcoroExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An await that gives up (its withTimeout ran out, its task was cancelled) takes its wake-up node off
 * the promise: a long-lived promise does not collect one node per abandoned await. Retention is
 * measured exactly, as the nodes reachable from the promise, not as heap bytes after a GC.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class WithdrawnAwaitTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void awaitsThatTimedOutLeaveNoNodeOnTheLongLivedPromise(Kind kind) throws Exception {
        int n = 200_000;
        try (Scheduler s = kind.create()) {
            Promise<String> longLived = Promise.create();
            int timedOut = s.blockOn(() -> {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    try {
                        Coroutines.withTimeout(Duration.ZERO, () -> Async.await(longLived));
                    } catch (TimeoutException expected) {
                        count++;
                    }
                }
                return count;
            });
            assertEquals(n, timedOut);
            int left = PromiseProbe.listenerCount(longLived);
            double bytesPerAwait = (double) left * PromiseProbe.NODE_BYTES / n;
            assertTrue(bytesPerAwait < 2, left + " nodes left on the promise after " + n + " timed-out awaits: "
                    + bytesPerAwait + " bytes retained per await");
            assertTrue(left <= 1, left + " withdrawn nodes left; a sweep runs whenever withdrawals outnumber the live listeners");

            Task<String> later = s.spawn(() -> Async.await(longLived));
            longLived.complete("still works");
            assertEquals("still works", Async.await(later.promise()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelledAwaitersAreUnlinkedAndTheOthersStillWakeInOrder(Kind kind) throws Exception {
        int n = 1_000;
        int keep = 100; // every tenth task keeps waiting
        try (Scheduler s = kind.create()) {
            Promise<Integer> shared = Promise.create();
            Promise<Void> allWaiting = Promise.create();
            AtomicInteger started = new AtomicInteger();
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(s.spawn(() -> {
                    if (started.incrementAndGet() == n) {
                        allWaiting.complete(null);
                    }
                    return Async.await(shared) + 1;
                }));
            }
            Async.await(allWaiting);
            List<Integer> seen = new ArrayList<>();
            shared.whenComplete((v, e) -> seen.add(-1)); // a plain callback among the wake-ups
            for (int i = 0; i < n; i++) {
                if (i % 10 != 0) {
                    tasks.get(i).cancel();
                }
            }
            for (int i = 0; i < n; i++) {
                Task<Integer> t = tasks.get(i);
                if (i % 10 != 0) {
                    assertThrows(CancellationException.class, () -> Async.await(t.promise()));
                }
            }
            int left = PromiseProbe.listenerCount(shared);
            int live = keep + 1;
            assertTrue(left <= 2 * live + 1, left + " nodes left for " + live + " live listeners after "
                    + (n - keep) + " cancelled awaits: withdrawn nodes must never outnumber live ones by more than one");
            shared.whenComplete((v, e) -> seen.add(v));
            shared.complete(41);
            for (int i = 0; i < n; i += 10) {
                assertEquals(42, Async.await(tasks.get(i).promise()), "task " + i);
            }
            assertEquals(List.of(-1, 41), seen, "the callbacks ran once each, in registration order");
        }
    }
}
