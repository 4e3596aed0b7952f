/**
 * The I/O driver the schedulers carry: an NIO {@link java.nio.channels.Selector} and the one thread that
 * polls it ({@link io.jcoro.scheduler.io.IoDriver}). {@code Scheduler.singleThreaded()} is its own driver
 * and runs {@link io.jcoro.scheduler.io.LoopSteps} between task runs; {@code Scheduler.parallel(n)} starts
 * a {@link io.jcoro.scheduler.io.SelectorLoop} with its first socket. Internal: it imports nothing of the
 * scheduler, which uses it, nor of the sockets ({@code io.jcoro.scheduler.net}), which use both.
 */
package io.jcoro.scheduler.io;
