package io.jcoro.benchmarks.kotlin

import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * Two coroutines on one single-thread dispatcher that take turns: each completes a
 * `CompletableDeferred` the other awaits, sending along the deferred it will await next. Every
 * await suspends and is resumed through the dispatcher's queue. [run] performs `2 * rounds` awaits.
 */
class KotlinAwaitPingPong : AutoCloseable {
    private val executor: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "kotlin-await-loop").apply { isDaemon = true }
    }
    private val dispatcher: ExecutorCoroutineDispatcher = executor.asCoroutineDispatcher()

    /** Plays `rounds` rounds and returns how many awaits the pong side completed (`rounds`). */
    fun run(rounds: Int): Int = runBlocking(dispatcher) {
        val first = CompletableDeferred<CompletableDeferred<Any?>?>()
        var answered = 0
        val pong = launch {
            var inbox = first
            while (true) {
                val reply = inbox.await() ?: break
                val mine = CompletableDeferred<CompletableDeferred<Any?>?>()
                @Suppress("UNCHECKED_CAST")
                (reply as CompletableDeferred<Any?>).complete(mine)
                inbox = mine
                answered++
            }
        }
        var toPong: CompletableDeferred<CompletableDeferred<Any?>?> = first
        repeat(rounds) {
            val mine = CompletableDeferred<Any?>()
            toPong.complete(mine)
            @Suppress("UNCHECKED_CAST")
            toPong = mine.await() as CompletableDeferred<CompletableDeferred<Any?>?>
        }
        toPong.complete(null)
        pong.join()
        answered
    }

    override fun close() {
        dispatcher.close()
    }
}
