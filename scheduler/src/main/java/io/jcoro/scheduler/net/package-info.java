/**
 * Non-blocking TCP for coroutines: {@link io.jcoro.scheduler.net.AsyncServerSocket} (bind, accept)
 * and {@link io.jcoro.scheduler.net.AsyncSocket} (connect, read, write, shutdown, close), whose
 * waiting steps are {@code @Suspendable} calls.
 *
 * <p>How it works: every operation is first tried at once on a non-blocking channel. When the
 * channel is not ready, the socket registers interest with an {@link io.jcoro.scheduler.io.IoDriver}
 * (a {@link java.nio.channels.Selector} and the one thread that polls it) and awaits a promise that
 * the driver completes when the key fires; the coroutine's scheduler resumes it. Interest is
 * registered only while a coroutine waits and is withdrawn when the key fires, when the wait is
 * cancelled or times out, and when the socket closes.
 *
 * <p>Drivers: {@code Scheduler.singleThreaded()} is its own driver (its loop polls the selector
 * between task runs, so one thread does everything); {@code Scheduler.parallel(n)} starts one
 * dedicated selector thread ({@link io.jcoro.scheduler.io.SelectorLoop}) with its first socket;
 * threads outside any scheduler share one daemon selector thread and their socket calls block.
 */
package io.jcoro.scheduler.net;
