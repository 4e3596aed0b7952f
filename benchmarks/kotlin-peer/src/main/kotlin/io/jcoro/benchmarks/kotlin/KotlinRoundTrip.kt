package io.jcoro.benchmarks.kotlin

import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.startCoroutine
import kotlin.coroutines.suspendCoroutine

/**
 * The Kotlin peer of jcoro's `Continuation.resume()`: a coroutine that calls [descend] `depth` suspend
 * functions deep, suspends at the bottom with `suspendCoroutine`, and starts over when resumed.
 * No dispatcher (an empty context): [roundTrip] resumes it in the calling thread, like a generator.
 */
class KotlinRoundTrip(private val depth: Int) {
    private var parked: Continuation<Unit>? = null

    /** Sum of every descent's result, so that none of the work is dead code. */
    var sink: Long = 0
        private set

    init {
        require(depth >= 1) { "depth must be at least 1" }
        val body: suspend () -> Unit = {
            while (true) {
                sink += descend(depth)
            }
        }
        body.startCoroutine(Continuation(EmptyCoroutineContext) { it.getOrThrow() })
        checkNotNull(parked) { "the coroutine did not suspend" }
    }

    /** One suspend + resume: resumes the parked coroutine, which runs until it suspends again. */
    fun roundTrip() {
        val c = parked!!
        parked = null
        c.resume(Unit)
    }

    // every frame keeps a live local across the call, as in the Java peers
    private suspend fun descend(remaining: Int): Int {
        if (remaining <= 1) {
            suspendCoroutine<Unit> { parked = it }
            return 1
        }
        val below = descend(remaining - 1)
        return below + remaining
    }
}
