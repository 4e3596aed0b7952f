package io.jcoro.benchmarks.await;

/** What the three await benchmarks share. */
final class AwaitBenchmarks {
    /** Rounds per invocation: large, so the hand-off into the loop thread and back is amortised. */
    static final int ROUNDS = 50_000;
    /** Each round is two awaits, one on each side. */
    static final int AWAITS = 2 * ROUNDS;

    private AwaitBenchmarks() {}

    static int checked(int answered) {
        if (answered != ROUNDS) {
            throw new IllegalStateException("the pong side answered " + answered + " of " + ROUNDS + " rounds");
        }
        return answered;
    }
}
