package io.jcoro.scheduler.sync;

import java.util.function.IntSupplier;

/** Sequencing helpers for the sync tests. */
final class Waits {
    private Waits() {}

    /**
     * Spins until {@code queueLength} reports {@code n} waiters: a waiter is queued synchronously,
     * under the primitive's lock, before it suspends, so this is the moment it is known to wait. The
     * class's {@code @Timeout} bounds the spin.
     */
    static void untilQueued(IntSupplier queueLength, int n) {
        while (queueLength.getAsInt() != n) {
            Thread.yield();
        }
    }
}
