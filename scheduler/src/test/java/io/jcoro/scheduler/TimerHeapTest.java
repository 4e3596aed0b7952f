package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerHeapTest {
    @Test
    void expiredTimersRunEarliestFirstAndEqualDeadlinesInInsertionOrder() {
        TimerHeap heap = new TimerHeap();
        heap.setLoopThread(Thread.currentThread());
        List<String> ran = new ArrayList<>();
        heap.add(heap.newTimer(30, () -> ran.add("30")));
        heap.add(heap.newTimer(10, () -> ran.add("10a")));
        heap.add(heap.newTimer(10, () -> ran.add("10b")));
        heap.add(heap.newTimer(20, () -> ran.add("20")));
        assertTrue(heap.hasTimers());
        assertEquals(10, heap.nextDeadline());
        heap.runExpired(20, Runnable::run);
        assertEquals(List.of("10a", "10b", "20"), ran);
        assertEquals(30, heap.nextDeadline());
    }

    @Test
    void cancelledTimersNeverRunAndAreSweptWhenMany() {
        TimerHeap heap = new TimerHeap();
        heap.setLoopThread(Thread.currentThread());
        List<Integer> ran = new ArrayList<>();
        List<TimerHeap.Timer> timers = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int n = i;
            TimerHeap.Timer t = heap.newTimer(i, () -> ran.add(n));
            heap.add(t);
            timers.add(t);
        }
        for (int i = 0; i < 5000; i++) {
            if (i % 10 != 0) {
                timers.get(i).cancel();
            }
        }
        assertTrue(heap.size() < 5000, "cancelled timers were swept, " + heap.size() + " left");
        heap.runExpired(10_000, Runnable::run);
        assertEquals(500, ran.size());
        assertTrue(ran.stream().allMatch(n -> n % 10 == 0));
        assertFalse(heap.hasTimers());
    }

    @Test
    void aTimerCancelledBeforeItReachesTheHeapIsNeverAdded() {
        TimerHeap heap = new TimerHeap();
        heap.setLoopThread(Thread.currentThread());
        TimerHeap.Timer t = heap.newTimer(1, () -> {
            throw new AssertionError("must not run");
        });
        t.cancel();
        heap.add(t);
        assertFalse(heap.hasTimers());
    }
}
