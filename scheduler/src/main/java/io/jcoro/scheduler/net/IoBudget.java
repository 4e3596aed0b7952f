package io.jcoro.scheduler.net;

import io.jcoro.Suspendable;
import io.jcoro.internal.WovenCalls;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.io.IoDriver;

/**
 * Cooperative fairness for one direction of one socket (Tokio's coop budget): an operation that
 * completes at once does not suspend, so a peer that always has data ready could hold the loop
 * thread forever. After {@value #OPERATIONS} operations in a row without waiting, the next one first
 * yields to the back of its scheduler's queue. The yield comes before the operation, so a
 * cancellation observed there loses no data. Not thread-safe: each direction has its own budget,
 * used by the one coroutine that holds that direction.
 */
final class IoBudget {
    static final int OPERATIONS = 128;

    private int streak;

    /** Before an operation: yields (on a scheduler) when the budget is spent. */
    @Suspendable
    void beforeOperation() {
        if (streak >= OPERATIONS) {
            streak = 0;
            if (Thread.currentThread() instanceof IoDriver.Source && WovenCalls.currentStore() != null) {
                Coroutines.yieldNow();
            }
        }
    }

    /** The operation completed without waiting. */
    void spend() {
        streak++;
    }

    /** The coroutine waited for readiness (it suspended): the budget starts over. */
    void refill() {
        streak = 0;
    }
}
