/**
 * Synchronization primitives for coroutines: {@link io.jcoro.scheduler.sync.Mutex},
 * {@link io.jcoro.scheduler.sync.Semaphore} and {@link io.jcoro.scheduler.sync.Notify}.
 *
 * <p>Their waiting methods are {@code @Suspendable}: in a task they suspend it (its scheduler thread
 * runs other tasks meanwhile) and in a plain thread they block it, as {@link io.jcoro.Async#await}
 * does (uninterruptibly: an interrupt does not end the wait). Waiters are served in FIFO order. A waiting task that is cancelled, or whose
 * {@code withTimeout} runs out, throws {@link java.util.concurrent.CancellationException} and leaves
 * the queue; what was granted to it at that very moment (the lock, permits, a notification) is passed
 * on, never lost.
 *
 * <p>How they work: each keeps its state and a FIFO queue of waiters under one small monitor, held
 * only for O(1) edits. A waiter is one {@link io.jcoro.Promise} that the granting side completes after
 * taking the waiter off the queue and leaving the monitor; the waiter's {@code Async.await} on it gives
 * cancellation for free, and on cancellation the waiter either unlinks itself (never granted) or finds
 * itself already granted and passes the grant on.
 */
package io.jcoro.scheduler.sync;
