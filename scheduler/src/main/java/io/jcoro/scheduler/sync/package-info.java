/**
 * Coordination between coroutines that suspend a task instead of blocking a thread, and block a plain
 * thread that calls them. {@link io.jcoro.scheduler.sync.Channel} passes elements between producers
 * and consumers; {@link io.jcoro.scheduler.sync.Select} waits for the first of several channel
 * operations, promises and a timeout.
 */
package io.jcoro.scheduler.sync;
