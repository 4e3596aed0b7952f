package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerBuilderTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(SchedulerBuilder.BLOCKED_THRESHOLD_PROPERTY);
    }

    @Test
    void theBlockedThresholdComesFromTheSystemPropertyOrDefaultsToTwoSeconds() {
        assertEquals(Duration.ofSeconds(2), SchedulerBuilder.defaultBlockedThreshold());
        System.setProperty(SchedulerBuilder.BLOCKED_THRESHOLD_PROPERTY, "250");
        assertEquals(Duration.ofMillis(250), SchedulerBuilder.defaultBlockedThreshold());
        System.setProperty(SchedulerBuilder.BLOCKED_THRESHOLD_PROPERTY, "0");
        assertEquals(Duration.ZERO, SchedulerBuilder.defaultBlockedThreshold());
        System.setProperty(SchedulerBuilder.BLOCKED_THRESHOLD_PROPERTY, "soon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, SchedulerBuilder::defaultBlockedThreshold);
        assertTrue(e.getMessage().contains(SchedulerBuilder.BLOCKED_THRESHOLD_PROPERTY));
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Scheduler.parallel(0));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().blockedThreshold(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().closeTimeout(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> Scheduler.builder().unobservedFailureHandler(null));
        assertThrows(NullPointerException.class, () -> Scheduler.builder().resumeHook(null));
    }

    @Test
    void blockingThreadsMustBeAtLeastOne() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Scheduler.builder().blockingThreads(bad));
            assertEquals("blockingThreads must be at least 1, not " + bad, e.getMessage());
        }
        assertEquals(512, SchedulerBuilder.DEFAULT_BLOCKING_THREADS);
        Scheduler.builder().blockingThreads(1); // the smallest limit is fine
    }

    @Test
    void threadsAreNamedAfterTheScheduler() throws Exception {
        try (Scheduler loop = Scheduler.builder().name("my-loop").singleThreaded();
             Scheduler pool = Scheduler.builder().name("my-pool").parallel(2)) {
            assertEquals("my-loop", loop.name());
            assertEquals("my-loop", loop.blockOn(() -> Thread.currentThread().getName()));
            assertTrue(pool.blockOn(() -> Thread.currentThread().getName()).startsWith("my-pool-worker-"));
        }
    }
}
