package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A suspendable method reached through a caller the agent does not instrument (reflection, a method
 * handle, a JDK loop). The spec allows two outcomes: the forwarder is supported and the program prints
 * what plain Java prints, or the suspension fails with a SuspensionError before the code after
 * the call runs. Never a silently lost suspension (the caller going on with a dummy result).
 */
class UninstrumentedCallersIT {
    private static final String MAIN = "io.jcoro.examples.errors.UninstrumentedCaller";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reflection", "method-handle", "jdk-loop"})
    void aLostSuspensionIsNeverSilent(String how) throws Exception {
        JvmRun.Result plain = JvmRun.of(MAIN).mode(Mode.PLAIN).args(how).run();
        RunChecks.assertClean(plain);
        assertTrue(plain.stdout().contains("after: "), plain::describe);

        JvmRun.Result r = JvmRun.of(MAIN).mode(Mode.AGENT_ALWAYS).args(how).run();
        RunChecks.assertNoVerifyError(r);
        if (r.exitCode() == 0) {
            assertEquals(plain.stdout(), r.stdout(), () -> "supported as a forwarder, the output must be plain "
                    + "Java's; a different output means the caller went on after a lost suspension\n" + r.describe());
        } else {
            assertFalse(r.stdout().contains("after: "), () -> "the caller went on after the suspension\n" + r.describe());
            assertTrue(r.stderr().contains("io.jcoro.SuspensionError: cannot suspend at "), r::describe);
        }
    }
}
