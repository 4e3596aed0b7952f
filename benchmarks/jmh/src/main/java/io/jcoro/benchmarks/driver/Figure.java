package io.jcoro.benchmarks.driver;

/** One figure of BENCHMARKS.md: it runs its measurements and writes its section. */
interface Figure {
    /** The name used by {@code scripts/bench --only}. */
    String key();

    Section run(Context ctx) throws Exception;
}
