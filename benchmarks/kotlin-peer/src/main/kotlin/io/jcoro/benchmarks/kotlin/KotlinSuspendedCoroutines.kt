package io.jcoro.benchmarks.kotlin

import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.coroutines.suspendCoroutine
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch

/** Creates many suspended Kotlin coroutines for the heap-per-suspended-task measurement. */
object KotlinSuspendedCoroutines {
    /**
     * Starts `slots.size` bare coroutines (no dispatcher, no Job); each suspends in `suspendCoroutine`
     * and its continuation is stored in its slot. Returns when all of them are suspended.
     */
    @JvmStatic
    fun suspendBare(slots: Array<Any?>) {
        for (i in slots.indices) {
            val body: suspend () -> Unit = { suspendCoroutine<Unit> { slots[i] = it } }
            body.startCoroutine(Continuation(EmptyCoroutineContext) { it.getOrThrow() })
        }
    }

    /** `n` new, never completed deferreds (allocated apart, so that they are not counted as coroutines). */
    @JvmStatic
    fun newDeferreds(n: Int): Array<CompletableDeferred<Unit>> = Array(n) { CompletableDeferred<Unit>() }

    /**
     * Launches one kotlinx coroutine per deferred on a single-thread dispatcher, each awaiting its own
     * (never completed) deferred; the dispatcher's thread is a daemon. Returns the parent job (cancel it
     * to end them) once every
     * coroutine has started and suspended in `await`.
     */
    @JvmStatic
    fun launchAwaiting(deferreds: Array<CompletableDeferred<Unit>>): Job {
        val dispatcher = Executors.newSingleThreadExecutor { r ->
            Thread(r, "kotlin-memory-loop").apply { isDaemon = true }
        }.asCoroutineDispatcher()
        val parent = Job()
        val scope = CoroutineScope(dispatcher + parent)
        val started = CountDownLatch(deferreds.size)
        for (d in deferreds) {
            scope.launch {
                started.countDown()
                d.await()
            }
        }
        started.await()
        // the loop thread runs each coroutine to its await right after its countDown; one more task
        // queued behind them all runs only after every one of them has suspended
        val drained = CountDownLatch(1)
        dispatcher.executor.execute { drained.countDown() }
        drained.await()
        return parent
    }
}
