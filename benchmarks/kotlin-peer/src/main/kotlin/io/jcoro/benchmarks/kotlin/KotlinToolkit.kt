package io.jcoro.benchmarks.kotlin

import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.yield

/**
 * Kotlin peers of the jcoro toolkit benchmarks (channel hand-off, mutex), each on one thread: either
 * a single-thread executor turned dispatcher (as the await figure's peer), or `runBlocking`'s own
 * event loop on the calling thread (`onLoop = false`), whichever [run] is asked for.
 */
class KotlinToolkit : AutoCloseable {
    private val executor: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "kotlin-toolkit-loop").apply { isDaemon = true }
    }
    private val dispatcher: ExecutorCoroutineDispatcher = executor.asCoroutineDispatcher()

    private fun <T> run(onDispatcher: Boolean, body: suspend CoroutineScope.() -> T): T =
        if (onDispatcher) runBlocking(dispatcher, body) else runBlocking(block = body)

    /**
     * A producer coroutine sends `elements` times the same element on a `Channel(capacity)`
     * (0: rendezvous) and a consumer coroutine receives them; returns how many it received.
     */
    fun handOff(capacity: Int, elements: Int, onDispatcher: Boolean): Int = run(onDispatcher) {
        val channel = Channel<Any>(capacity)
        val element = Any()
        val consumer = launch {
            var received = 0
            repeat(elements) {
                channel.receive()
                received++
            }
            check(received == elements)
        }
        repeat(elements) { channel.send(element) }
        consumer.join()
        elements
    }

    /** One coroutine locks and unlocks a `Mutex` `times` times; nothing else wants it. */
    fun mutexUncontended(times: Int): Int = run(true) {
        val mutex = Mutex()
        var count = 0
        repeat(times) {
            mutex.lock()
            count++
            mutex.unlock()
        }
        count
    }

    /**
     * `coroutines` coroutines each lock a shared `Mutex`, yield while holding it (so the others queue
     * behind it) and unlock, `times` times; returns the number of critical sections run.
     */
    fun mutexContended(coroutines: Int, times: Int): Int = run(true) {
        val mutex = Mutex()
        var count = 0
        val jobs = List(coroutines) {
            launch {
                repeat(times) {
                    mutex.lock()
                    try {
                        count++
                        yield()
                    } finally {
                        mutex.unlock()
                    }
                }
            }
        }
        jobs.forEach { it.join() }
        count
    }

    override fun close() {
        dispatcher.close()
    }
}
