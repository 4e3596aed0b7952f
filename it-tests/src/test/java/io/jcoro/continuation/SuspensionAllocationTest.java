package io.jcoro.continuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "No boxing, no allocation per suspension beyond growing a frame store that is reused" (SPEC): once
 * a continuation has suspended at a depth, suspending and resuming there again allocates nothing,
 * whatever the frames hold. Measured with the JVM's per-thread allocation counter, which counts
 * every object this thread allocates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class SuspensionAllocationTest {
    private static final int ROUND_TRIPS = 50_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long checksum;

    /** Five frames deep; every frame keeps locals of every kind across its call. */
    @Suspendable
    private long descend(int depth, long wide, double real, String text, Object[] box) {
        if (depth == 0) {
            Continuation.suspend();
            return wide + text.length() + box.length;
        }
        float f = depth * 1.5f;
        char c = (char) ('a' + depth);
        boolean odd = (depth & 1) == 1;
        long below = descend(depth - 1, wide + depth, real / 2, text, box);
        return below + (long) (f + real) + c + (odd ? 1 : 0) + text.hashCode() % 7;
    }

    @Test
    void aRoundTripAtAKnownDepthAllocatesNothing() {
        Object[] box = {"x", 2};
        Continuation c = new Continuation(() -> {
            while (true) {
                checksum += descend(5, 40L, 3.0, "frames", box);
            }
        });
        c.resume(); // to the first suspension: nothing added yet
        for (int i = 0; i < ROUND_TRIPS; i++) { // warm-up: arrays grown, classes loaded, code compiled
            c.resume();
        }
        long perRoundTrip = checksum / ROUND_TRIPS;
        assertEquals(perRoundTrip * ROUND_TRIPS, checksum, "each round trip adds the same value");
        long expectedChecksum = checksum * 2;

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            c.resume();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(expectedChecksum, checksum, "every round trip restored the same values");
        // Less than one byte per round trip: an allocation per suspension, the defect this looks for, is
        // at least 16 bytes each time. Not exactly 0: while the JIT is still replacing code, the JVM
        // itself now and then allocates a few dozen bytes once on this thread (method-handle linkage
        // seen at a deoptimization), which has nothing to do with suspending.
        assertTrue(allocated < ROUND_TRIPS, allocated + " bytes allocated by " + ROUND_TRIPS
                + " suspend/resume round trips: something is allocated per suspension");
    }

    @Test
    void runningAContinuationThatNeverSuspendsAllocatesNothing() {
        for (int i = 0; i < 1_000; i++) { // warm-up: the lambda linked, classes initialized
            new Continuation(() -> checksum += 1).resume();
        }
        Continuation[] continuations = new Continuation[10_000];
        for (int i = 0; i < continuations.length; i++) {
            continuations[i] = new Continuation(() -> checksum += 1);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (Continuation c : continuations) {
            c.resume();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        for (Continuation c : continuations) {
            assertTrue(c.isDone());
        }
        // frame arrays are made by the first suspension, so none here (bound as in the test above)
        assertTrue(allocated < continuations.length, allocated + " bytes allocated by running "
                + continuations.length + " continuations that never suspend");
    }
}
