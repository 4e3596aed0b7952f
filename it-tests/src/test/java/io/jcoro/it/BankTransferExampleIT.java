package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The deterministic-testing example, run as a user runs it: a fresh JVM with {@code -javaagent:} on the
 * built agent jar. Its output is the same on every run and machine: the seeds decide every choice, so
 * exploration finds the race under the same seed each time, and the replay fails the same way.
 */
class BankTransferExampleIT {
    @Test
    void thePlainRunPassesExplorationFindsTheRaceTheSeedReplaysItAndTheMutexFixesIt() throws Exception {
        JvmRun.Result r = JvmRun.of("io.jcoro.examples.BankTransferExample").withAgent().run();
        RunChecks.assertClean(r);
        assertEquals("", r.stderr(), () -> "stderr should be empty\n" + r.describe());
        assertEquals("plain run: {alice=40, landlord=60, grocer=0}\n"
                + "explored: explore: iteration 2 of 1000 failed, under seed 2 and ScheduleStrategy.pct(3, 10): "
                + "java.lang.AssertionError: the bank made 60 out of nothing: {alice=40, landlord=60, grocer=60}\n"
                + "replay of seed 2: the bank made 60 out of nothing: {alice=40, landlord=60, grocer=60}\n"
                + "with the mutex: 10000 interleavings, every one adds up\n", r.stdout(), r::describe);
    }
}
