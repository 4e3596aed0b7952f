package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;

/** The bounds and the planted-bug check shared by the Lincheck model checks of the sync cores. */
final class ModelChecks {
    private ModelChecks() {}

    /** Three threads of two operations each, after two and before one run alone. */
    static ModelCheckingOptions threeThreads(int iterations, int invocationsPerIteration) {
        return new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocationsPerIteration)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    /**
     * Shows that the check finds a planted bug: checking {@code broken} fails, with a report naming
     * {@code symptom}. The check stops at the first failure, so generous bounds cost nothing when the
     * bug is found early and make missing it unlikely.
     */
    static void assertFinds(Class<?> broken, ModelCheckingOptions options, String symptom) {
        AssertionError e = assertThrows(AssertionError.class,
                () -> LinChecker.check(broken, options.minimizeFailedScenario(false)));
        assertTrue(e.getMessage().contains(symptom), e.getMessage());
    }
}
