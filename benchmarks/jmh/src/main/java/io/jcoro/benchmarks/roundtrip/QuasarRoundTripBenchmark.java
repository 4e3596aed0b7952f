package io.jcoro.benchmarks.roundtrip;

import io.jcoro.benchmarks.quasar.QuasarRoundTrip;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Quasar peer of {@link JcoroRoundTripBenchmark}: a fiber on an inline scheduler, park + unpark.
 * Needs {@code -javaagent:quasar-core.jar} (scripts/bench runs it only when its smoke check passes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuasarRoundTripBenchmark {
    @Param({"1", "10", "100"})
    int depth;

    private QuasarRoundTrip fiber;

    @Setup
    public void setUp() {
        fiber = new QuasarRoundTrip(depth);
    }

    @Benchmark
    public void roundTrip() {
        fiber.roundTrip();
    }
}
