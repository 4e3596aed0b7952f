package io.jcoro.agent.chain;

import io.jcoro.internal.AgentPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.tooling.TransformingLoader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suspensions through chains that cannot carry them ({@code fixtures.chains.Chains}): whatever the
 * checks saw before, such a suspension ends in a {@code SuspensionError} naming what cannot carry it,
 * never in a wrong value, another exception or a livelock; and a sound chain the checks have not seen
 * before still suspends and resumes. Each test loads the fixture afresh, so no check has seen its sites.
 */
class ChainChecksTest {
    private static final String ERROR = "error: io.jcoro.SuspensionError: ";
    private static final String JDK_ADVICE = "a JDK method cannot carry a suspension; call the suspendable code from a "
            + "loop in suspendable code instead of from a JDK callback";

    @TempDir
    static Path root;

    @BeforeAll
    static void declareJdkCallbacks() throws Exception {
        AgentPresence.markInstalled(); // the loader transforms the fixture itself
        Path file = root.resolve("META-INF/jcoro/suspendables");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "java.util.function.Function#apply\njava.util.function.Consumer#accept\n");
    }

    private static String run(String scenario, Object... args) throws Exception {
        Class<?> chains = new TransformingLoader(root, "fixtures.chains").loadClass("fixtures.chains.Chains");
        for (Method m : chains.getMethods()) {
            if (m.getName().equals(scenario)) {
                return (String) m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(scenario);
    }

    @Test
    void aJdkCallbackFailsBeforeTheJdkMethodGoesOn() throws Exception {
        String r = run("computeIfAbsent", false, 0);
        assertTrue(r.startsWith(ERROR + "cannot suspend at java.util.HashMap.computeIfAbsent(HashMap.java:"), r);
        assertTrue(r.contains(JDK_ADVICE), r);
        assertFalse(r.contains("annotate it @Suspendable"), r);
    }

    @Test
    void afterAWarmUpAJdkCallbackStillFailsBeforeTheJdkMethodGoesOn() throws Exception {
        // every site suspended before through woven code, but a callback of a JDK interface checks its caller
        for (int after = 0; after <= 2; after++) {
            String r = run("computeIfAbsent", true, after);
            assertTrue(r.startsWith(ERROR + "cannot suspend at java.util.HashMap.computeIfAbsent(HashMap.java:"), r);
            assertTrue(r.contains(JDK_ADVICE + " (the suspension came up through fixtures.chains.Chains.lambda$lengths$"), r);
        }
    }

    /*
     * Reflection after a warm-up: every site of the chain has been walked, and the reflected method is no
     * JDK callback, so no check sees reflection before the suspension returns into it: it goes on with
     * the dummy result. What it does next decides which check fails, but one does, before any wrong value
     * reaches the body.
     */

    @Test
    void afterAWarmUpReflectionThatCallsBackAgainFailsNamingReflection() throws Exception {
        String r = run("reflectionAfterWarmUp", 0);
        assertTrue(r.startsWith(ERROR + "entered the suspendable method fixtures/chains/Chains.word()"), r);
        assertTrue(r.contains("reflection cannot carry a suspension; call the suspendable method directly"), r);
    }

    @Test
    void afterAWarmUpTheNextCaptureFindsThatTheFrameSavedLastIsNotItsCallees() throws Exception {
        String r = run("reflectionAfterWarmUp", 1);
        assertTrue(r.startsWith(ERROR + "cannot suspend at fixtures.chains.Chains.throughReflection(Chains.java:"), r);
        assertTrue(r.contains(": the call to fixtures.chains.Chains$Step.run returned while the coroutine was "
                + "suspending, but the frame saved last belongs to fixtures.chains.Chains.word, not to the method "
                + "the call reached (it reached fixtures.chains.Chains$Quiet.run)"), r);
    }

    @Test
    void afterAWarmUpAnExceptionCausedByTheDummyResultBecomesTheError() throws Exception {
        String r = run("reflectionAfterWarmUp", 2);
        assertTrue(r.startsWith(ERROR + "the coroutine's code threw java.lang.NullPointerException"), r);
        assertTrue(r.contains("while the coroutine was suspending (frame saved last: fixtures/chains/Chains.word()"), r);
        assertTrue(r.contains("\n cause: java.lang.NullPointerException"), r);
    }

    @Test
    void theFailureIsRememberedWhenTheBodySwallowsItAndReturns() throws Exception {
        String r = run("caughtAndIgnored", false);
        assertTrue(r.startsWith(ERROR + "cannot suspend at java.lang.Iterable.forEach(") || r.startsWith(ERROR
                + "cannot suspend at java.util.ImmutableCollections"), r);
        assertFalse(r.contains("went on with"), r);
    }

    @Test
    void theFailureIsRememberedWhenTheBodySwallowsItAndThrowsSomethingElse() throws Exception {
        String r = run("caughtAndIgnored", true);
        assertTrue(r.startsWith(ERROR + "cannot suspend at "), r);
        assertTrue(r.contains("\n suppressed: java.lang.IllegalArgumentException: thrown after the failure was swallowed"), r);
    }

    @Test
    void aFailureInANestedContinuationAlsoEndsTheOneThatResumedIt() throws Exception {
        String r = run("nestedFailureSwallowed");
        assertTrue(r.startsWith(ERROR + "cannot suspend at "), r);
        assertTrue(r.contains(JDK_ADVICE), r);
    }

    @Test
    void aSoundChainThroughAProxyNoWalkHasSeenSuspendsAndResumes() throws Exception {
        assertEquals("result: told;told;", run("unseenProxySound"));
    }

    @Test
    void aProxyNoWalkHasSeenIsWalkedWhenTheChainIsRestored() throws Exception {
        String r = run("unseenProxyThroughReflection", false);
        assertTrue(r.startsWith(ERROR + "cannot suspend at jdk.internal.reflect."), r);
        assertTrue(r.contains("reflection cannot carry a suspension"), r);
        assertTrue(r.contains("found when the coroutine resumed"), r);
    }

    @Test
    void aResumedCallThatDoesNotLeadBackToTheSavedFramesFails() throws Exception {
        String r = run("unseenProxyThroughReflection", true);
        assertTrue(r.startsWith(ERROR + "at fixtures.chains.Chains.viaStep(Chains.java:"), r);
        assertTrue(r.contains("returned while the coroutine was restoring its saved frames"), r);
    }

    @Test
    void aCallWhoseTargetIsNotSuspendableIsNamedWithTheFixes() throws Exception {
        String r = run("iteratorThatSuspends");
        assertTrue(r.startsWith(ERROR + "entered the suspendable method fixtures/chains/Chains.point()V while the "
                + "coroutine was suspending: fixtures.chains.Chains.sumCountdown(Chains.java:"), r);
        assertTrue(r.contains(": fixtures.chains.Chains.sumCountdown is rewritten, but it went on running after a "
                + "suspension below it: it reached fixtures.chains.Chains$Countdown.hasNext through a call whose target "
                + "is not suspendable (java.util.Iterator.hasNext); annotate that method @Suspendable, declare it in "
                + "META-INF/jcoro/suspendables, or, for an Iterator or a stream, use an explicit loop"), r);
        assertFalse(r.contains("annotate it @Suspendable"), "the caller is @Suspendable already: " + r);
    }
}
