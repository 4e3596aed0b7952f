package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Places where a suspension cannot work must fail at the suspension with an error that names the
 * class, method and source line (never a VerifyError, a crash or a hang). Each case runs under the
 * agent with every point suspending; the expected line is the one marked {@code // fails here} in the
 * example's source. Without suspensions the same programs run normally under the agent.
 */
class ErrorCasesIT {
    private static final String PACKAGE = "io.jcoro.examples.errors.";
    private static final String MARKER = "// fails here";

    /** Runs an error example under the agent with every point suspending. */
    private static JvmRun.Result suspending(String example) throws Exception {
        return JvmRun.of(PACKAGE + example).mode(Mode.AGENT_ALWAYS).run();
    }

    /** {@code cannot suspend at io.jcoro.examples.errors.<ClassName>.<method>(<File>.java:<line>)}, quoted. */
    private static String cannotSuspendAt(String className, String method, String file) {
        int line = ItConfig.lineOf("io/jcoro/examples/errors/" + file, MARKER);
        return "cannot suspend at " + PACKAGE + className + "." + method + "(" + file + ":" + line + ")";
    }

    private static void assertFailsWith(JvmRun.Result r, String message) {
        assertNotEquals(0, r.exitCode(), () -> "the run should fail\n" + r.describe());
        assertTrue(r.stderr().contains(message), () -> "stderr should contain: " + message + "\n" + r.describe());
        RunChecks.assertNoWarningNorVerifyError(r);
    }

    /** Without suspensions the program must run to its end under the agent: the guards cost nothing else. */
    private static void assertRunsWithoutSuspending(String example, String expectedLine) throws Exception {
        JvmRun.Result r = JvmRun.of(PACKAGE + example).mode(Mode.AGENT_NEVER).run();
        RunChecks.assertClean(r);
        assertTrue(r.stdout().contains(expectedLine), () -> "stdout should contain: " + expectedLine + "\n" + r.describe());
    }

    @Test
    void suspendingInsideASynchronizedBlockFails() throws Exception {
        assertFailsWith(suspending("SynchronizedBlock"),
                cannotSuspendAt("SynchronizedBlock", "locked", "SynchronizedBlock.java") + ": a monitor is held");
        assertRunsWithoutSuspending("SynchronizedBlock", "finished: nothing suspended");
    }

    @Test
    void suspendingInsideASynchronizedMethodFailsAndReleasesTheMonitor() throws Exception {
        JvmRun.Result r = suspending("SynchronizedMethod");
        RunChecks.assertClean(r); // the program catches the error itself
        String expected = "caught: " + cannotSuspendAt("SynchronizedMethod", "locked", "SynchronizedMethod.java")
                + ": the method is synchronized";
        assertTrue(r.stdout().contains(expected), () -> "stdout should contain: " + expected + "\n" + r.describe());
        assertTrue(r.stdout().contains("main holds the monitor: false\n"), r::describe);
        assertTrue(r.stdout().contains("another thread took the monitor: true\n"), r::describe);
        assertRunsWithoutSuspending("SynchronizedMethod", "no error");
    }

    @Test
    void aCaughtSuspensionErrorStillEndsTheCoroutine() throws Exception {
        JvmRun.Result r = suspending("CaughtSuspensionError");
        RunChecks.assertClean(r);
        String caught = "caught: " + cannotSuspendAt("CaughtSuspensionError", "body", "CaughtSuspensionError.java");
        assertEquals(caught + "\nlock free: true\nresume() threw the caught error: true\ndone: true\n", r.stdout(),
                r::describe);
        assertRunsWithoutSuspending("CaughtSuspensionError", "went on: 42");
    }

    @Test
    void suspendingInsideAConstructorFails() throws Exception {
        assertFailsWith(suspending("InConstructor"),
                cannotSuspendAt("InConstructor", "<init>", "InConstructor.java") + ": a constructor cannot suspend");
        assertRunsWithoutSuspending("InConstructor", "constructed: 3");
    }

    @Test
    void suspendingInsideAStaticInitializerFails() throws Exception {
        JvmRun.Result r = suspending("InStaticInitializer");
        assertFailsWith(r, cannotSuspendAt("InStaticInitializer$Holder", "<clinit>", "InStaticInitializer.java")
                + ": a static initializer cannot suspend");
        // an Error thrown by a static initializer reaches the caller as it is, not wrapped
        assertTrue(r.stderr().contains("Exception in thread \"main\" io.jcoro.SuspensionError: "), r::describe);
        assertRunsWithoutSuspending("InStaticInitializer", "initialized: 5");
    }

    @Test
    void aPlainMethodCallingOneThatSuspendsFailsNamingThePlainMethod() throws Exception {
        assertFailsWith(suspending("PlainCaller"), cannotSuspendAt("PlainCaller", "plain", "PlainCaller.java")
                + ": io.jcoro.examples.errors.PlainCaller.plain calls a suspendable method");
        assertRunsWithoutSuspending("PlainCaller", "plain returned 5");
    }

    @Test
    void aRunnableLambdaThatSuspendsFailsNamingTheLambda() throws Exception {
        JvmRun.Result r = suspending("RunnableLambda");
        int line = ItConfig.lineOf("io/jcoro/examples/errors/RunnableLambda.java", MARKER);
        Pattern expected = Pattern.compile("cannot suspend at io\\.jcoro\\.examples\\.errors\\.RunnableLambda\\."
                + "lambda\\$main\\$\\d+\\(RunnableLambda\\.java:" + line + "\\): this lambda calls a suspendable method "
                + "but its functional interface method is not @Suspendable");
        assertNotEquals(0, r.exitCode(), r::describe);
        assertTrue(expected.matcher(r.stderr()).find(), () -> "stderr should match " + expected + "\n" + r.describe());
        RunChecks.assertNoWarningNorVerifyError(r);
        assertRunsWithoutSuspending("RunnableLambda", "in the runnable");
    }

    @Test
    void suspendOutsideAContinuationFails() throws Exception {
        JvmRun.Result r = suspending("SuspendOutside");
        int line = ItConfig.lineOf("io/jcoro/examples/errors/SuspendOutside.java", MARKER);
        assertFailsWith(r, "java.lang.IllegalStateException: Continuation.suspend() called outside of a continuation");
        assertTrue(r.stderr().contains("at " + PACKAGE + "SuspendOutside.main(SuspendOutside.java:" + line + ")"), r::describe);
        assertEquals("current: null\n", r.stdout(), r::describe);
    }

    @Test
    void resumingADoneContinuationFails() throws Exception {
        JvmRun.Result r = suspending("ResumeDone");
        int line = ItConfig.lineOf("io/jcoro/examples/errors/ResumeDone.java", MARKER);
        assertFailsWith(r, "java.lang.IllegalStateException: the continuation is done");
        assertTrue(r.stderr().contains("at " + PACKAGE + "ResumeDone.main(ResumeDone.java:" + line + ")"), r::describe);
        assertEquals("body ran\ndone: true\n", r.stdout(), r::describe);
    }

    @Test
    void aMethodTheTransformerRefusesIsReportedAndFailsClearlyWhenItSuspends(@TempDir Path dir) throws Exception {
        Path generated = OddNewClass.writeTo(dir);
        String main = PACKAGE + "RefusedMethod";
        String site = "cannot suspend at " + OddNewClass.NAME + ".call(" + OddNewClass.SOURCE_FILE + ":"
                + OddNewClass.SUSPENDING_LINE + "): jcoro could not transform " + OddNewClass.NAME + ".call";

        // the generated code is valid: plain Java runs it
        JvmRun.Result plain = JvmRun.of(main).prependClasspath(generated).mode(Mode.PLAIN).args(OddNewClass.NAME).run();
        RunChecks.assertClean(plain);
        assertEquals("call returned: odd\n", plain.stdout(), plain::describe);

        // under the agent the method is refused with a warning, and still runs while nothing suspends
        JvmRun.Result never = JvmRun.of(main).prependClasspath(generated).mode(Mode.AGENT_NEVER).args(OddNewClass.NAME).run();
        assertEquals(0, never.exitCode(), never::describe);
        assertEquals("call returned: odd\n", never.stdout(), never::describe);
        assertRefusalWarning(never);

        // a suspension in it fails naming class, method and line: no VerifyError, no wrong value
        JvmRun.Result always = JvmRun.of(main).prependClasspath(generated).mode(Mode.AGENT_ALWAYS).args(OddNewClass.NAME).run();
        assertNotEquals(0, always.exitCode(), always::describe);
        assertRefusalWarning(always);
        assertTrue(always.stderr().contains(site), () -> "stderr should contain: " + site + "\n" + always.describe());
        assertFalse(always.stdout().contains("call returned"), always::describe);
        RunChecks.assertNoVerifyError(always);
    }

    private static void assertRefusalWarning(JvmRun.Result r) {
        boolean warned = r.stderr().lines().anyMatch(l -> l.contains("WARNING")
                && l.contains(OddNewClass.NAME + ".call()Ljava/lang/Object;: REFUSED"));
        assertTrue(warned, () -> "a WARNING naming " + OddNewClass.NAME + ".call as refused\n" + r.describe());
    }
}
