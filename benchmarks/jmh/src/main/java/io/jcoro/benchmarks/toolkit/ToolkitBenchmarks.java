package io.jcoro.benchmarks.toolkit;

/** What the toolkit benchmarks (channel hand-off, mutex) share: sizes of one invocation. */
final class ToolkitBenchmarks {
    /** Elements one channel hand-off invocation passes from the producer to the consumer. */
    static final int ELEMENTS = 10_000;
    /** Lock/unlock pairs of one mutex invocation (uncontended: one coroutine; contended: all together). */
    static final int LOCKS = 10_000;
    /** Coroutines that compete for the mutex in the contended benchmark. */
    static final int CONTENDERS = 4;

    private ToolkitBenchmarks() {}

    static int checked(int got, int expected) {
        if (got != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + got);
        }
        return got;
    }
}
