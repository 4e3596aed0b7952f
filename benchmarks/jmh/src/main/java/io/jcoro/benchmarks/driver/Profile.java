package io.jcoro.benchmarks.driver;

import java.util.List;

/**
 * How long to measure. {@code short} fits the whole run in about 10 minutes on 2 cores, with two
 * forks per benchmark because a fork's JIT outcome varies (a depth-1 round trip measured 13 ns in
 * some forks and 16 ns in others); {@code long} uses 3 forks and longer iterations for tighter error
 * bars (about 45 minutes); {@code smoke} only checks that everything runs.
 */
enum Profile {
    SHORT(2, 4, "300ms", 6, "300ms", 1_000_000, 10, 5, 2_000, 4_000, 3),
    LONG(3, 5, "1s", 10, "1s", 1_000_000, 30, 10, 5_000, 15_000, 5),
    /** Checks that the harness works end to end; the numbers mean nothing. */
    SMOKE(1, 1, "100ms", 2, "100ms", 100_000, 2, 1, 500, 1_000, 1);

    final int forks;
    final int warmupIterations;
    final String warmupTime;
    final int iterations;
    final String iterationTime;
    final int heapTasks;
    final int helloRepeats;
    final int classLoadRepeats;
    final long echoWarmupMillis;
    final long echoMeasureMillis;
    /** Echo runs per server and connection count (fresh JVMs each time); the median is reported. */
    final int echoRounds;

    Profile(int forks, int warmupIterations, String warmupTime, int iterations, String iterationTime,
            int heapTasks, int helloRepeats, int classLoadRepeats, long echoWarmupMillis, long echoMeasureMillis,
            int echoRounds) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.iterations = iterations;
        this.iterationTime = iterationTime;
        this.heapTasks = heapTasks;
        this.helloRepeats = helloRepeats;
        this.classLoadRepeats = classLoadRepeats;
        this.echoWarmupMillis = echoWarmupMillis;
        this.echoMeasureMillis = echoMeasureMillis;
        this.echoRounds = echoRounds;
    }

    /** The JMH command-line options of this profile. */
    List<String> jmhOptions() {
        return List.of("-f", String.valueOf(forks), "-wi", String.valueOf(warmupIterations), "-w", warmupTime,
                "-i", String.valueOf(iterations), "-r", iterationTime);
    }

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static double seconds(String time) {
        return time.endsWith("ms") ? Double.parseDouble(time.substring(0, time.length() - 2)) / 1000
                : Double.parseDouble(time.substring(0, time.length() - 1));
    }
}
