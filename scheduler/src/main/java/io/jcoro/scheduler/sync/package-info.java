/**
 * Coordination between coroutines: {@link io.jcoro.scheduler.sync.Channel} passes elements between
 * producers and consumers; {@link io.jcoro.scheduler.sync.Select} waits for the first of several channel
 * operations, promises and a timeout; {@link io.jcoro.scheduler.sync.Mutex},
 * {@link io.jcoro.scheduler.sync.Semaphore} and {@link io.jcoro.scheduler.sync.Notify} are the
 * synchronization primitives.
 *
 * <p>Their waiting methods are {@code @Suspendable}: in a task they suspend it (its scheduler thread
 * runs other tasks meanwhile) and in a plain thread they block it, as {@link io.jcoro.Async#await}
 * does (uninterruptibly: an interrupt does not end the wait). Waiters are served in FIFO order. A
 * waiting task that is cancelled, or whose {@code withTimeout} runs out, throws
 * {@link java.util.concurrent.CancellationException} and withdraws; what was handed to it at that very
 * moment (an element, the lock, permits, a notification) is either passed on or kept by the operation,
 * never lost nor duplicated.
 *
 * <p>How they work: each keeps its state and a FIFO queue of waiters under one small lock, held only
 * for queue edits, never across a suspension nor while a promise is completed. A waiter is one
 * {@link io.jcoro.Promise} that the granting side completes after taking the waiter off the queue and
 * releasing the lock; the waiter's {@code Async.await} on it gives cancellation for free. The classes
 * carry the detailed arguments.
 */
package io.jcoro.scheduler.sync;
