package io.jcoro.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * {@code @JcoroTest}: the method runs as a coroutine on virtual time, with the parameters JUnit
 * resolves; a failing exploration names its seed and the annotation that replays it, and that
 * annotation fails the same way. The failing tests are fixtures (nested classes, which surefire does not
 * run by itself) run here through the JUnit launcher.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JcoroTestAnnotationTest {
    @JcoroTest
    void theMethodIsACoroutineOnVirtualTime() {
        long before = Coroutines.nanoTime();
        Coroutines.sleep(Duration.ofHours(1));
        assertEquals(TimeUnit.HOURS.toNanos(1), Coroutines.nanoTime() - before);
    }

    @JcoroTest(iterations = 50)
    void parametersAreResolvedAndARaceFreeBodyPassesEveryRun(TestInfo info) {
        assertNotNull(info);
        assertEquals(2, Fixtures.increments(false));
    }

    @Test
    void aFailingExplorationNamesTheSeedAndTheAnnotationThatReplaysIt() {
        List<Throwable> failures = run(Fixtures.Explored.class);
        assertEquals(1, failures.size(), failures::toString);
        Throwable f = failures.get(0);
        assertInstanceOf(AssertionError.class, f);
        assertTrue(f.getMessage().contains("@JcoroTest(seed = " + Fixtures.SEED + ", strategy = \""
                + Fixtures.STRATEGY + "\")"), f.getMessage());
        assertTrue(f.getCause().getMessage().startsWith("lost update"), f.getCause().getMessage());
    }

    @Test
    void theReplayAnnotationFailsTheSameWayEveryTime() {
        for (int i = 0; i < 10; i++) {
            List<Throwable> failures = run(Fixtures.Replayed.class);
            assertEquals(1, failures.size(), failures::toString);
            Throwable f = failures.get(0);
            assertTrue(f.getMessage().startsWith("@JcoroTest(seed = " + Fixtures.SEED + ", strategy = \""
                    + Fixtures.STRATEGY + "\") failed"), f.getMessage());
            assertTrue(f.getCause().getMessage().startsWith("lost update ==> expected: <2> but was: <1>"),
                    f.getCause().getMessage());
        }
    }

    private static List<Throwable> run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(fixture)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTestsFoundCount());
        return summary.getFailures().stream().map(TestExecutionSummary.Failure::getException).collect(Collectors.toList());
    }

    /** Test classes run only through {@link #run}. */
    static final class Fixtures {
        /** What exploring {@link Explored} finds: the same on every run and machine, since seeds decide all. */
        static final long SEED = 3;
        static final String STRATEGY = "random";

        /**
         * Two increments that read, yield and write, the second after two yields of its own (so FIFO
         * order never loses one): with {@code race}, the read and the write are split by a yield.
         */
        @Suspendable
        static int increments(boolean race) {
            int[] counter = {0};
            Coroutines.scope(() -> {
                for (int i = 0; i < 2; i++) {
                    int head = 2 * i;
                    Coroutines.spawn(() -> {
                        for (int k = 0; k < head; k++) {
                            Coroutines.yieldNow();
                        }
                        int read = counter[0];
                        if (race) {
                            Coroutines.yieldNow();
                        }
                        counter[0] = read + 1;
                        return null;
                    });
                }
                return null;
            });
            return counter[0];
        }

        static class Explored {
            @JcoroTest(iterations = 100)
            void lostUpdate() {
                assertEquals(2, increments(true), "lost update");
            }
        }

        static class Replayed {
            @JcoroTest(seed = SEED, strategy = STRATEGY)
            void lostUpdate() {
                assertEquals(2, increments(true), "lost update");
            }
        }
    }
}
