package io.jcoro.benchmarks.echo;

import java.util.Arrays;

/** Latencies of the messages of the measurement window, and their percentiles. */
final class LatencyRecorder {
    private long[] nanos = new long[1 << 16];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in microseconds; 0 when nothing was recorded. */
    double percentileMicros(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1000.0;
    }
}
