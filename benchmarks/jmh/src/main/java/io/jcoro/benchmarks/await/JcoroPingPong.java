package io.jcoro.benchmarks.await;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Task;

/**
 * Two coroutines on the current scheduler that take turns: each completes a promise the other
 * awaits, sending along the promise it will await next. Every await suspends (the other side has not
 * answered yet) and is resumed by the scheduler. {@link #play} performs {@code 2 * rounds} awaits.
 */
final class JcoroPingPong {
    private JcoroPingPong() {}

    /** Plays {@code rounds} rounds; returns how many the pong side answered ({@code rounds}). */
    @Suspendable
    @SuppressWarnings("unchecked")
    static int play(int rounds) {
        Promise<Object> first = Promise.create();
        Task<Integer> pong = Coroutines.spawn(() -> pong(first));
        Promise<Object> toPong = first;
        for (int i = 0; i < rounds; i++) {
            Promise<Object> mine = Promise.create();
            toPong.complete(mine);
            toPong = (Promise<Object>) Async.await(mine);
        }
        toPong.complete(null);
        return Async.await(pong.promise());
    }

    @Suspendable
    @SuppressWarnings("unchecked")
    private static int pong(Promise<Object> inbox) {
        int answered = 0;
        while (true) {
            Object reply = Async.await(inbox);
            if (reply == null) {
                return answered;
            }
            Promise<Object> mine = Promise.create();
            ((Promise<Object>) reply).complete(mine);
            inbox = mine;
            answered++;
        }
    }
}
