package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assertions shared by the integration tests about a finished example JVM. */
final class RunChecks {
    private static final Pattern SUSPENSIONS = Pattern.compile("\\[jcoro-examples] suspensions=(\\d+)");

    private RunChecks() {}

    /**
     * The expected stdout of an example in a mode: {@code expected/<name>.txt}, or for
     * {@link Mode#AGENT_ALWAYS} {@code expected/<name>.always.txt} when an example's output depends
     * on the mode on purpose.
     */
    static String expectedOutput(Path dir, String name, Mode mode) throws IOException {
        Path always = dir.resolve(name + ".always.txt");
        Path file = mode == Mode.AGENT_ALWAYS && Files.exists(always) ? always : dir.resolve(name + ".txt");
        if (!Files.exists(file)) {
            fail("no expected output " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** Exit code 0, no warning or verifier error on stderr. */
    static void assertClean(JvmRun.Result r) {
        assertEquals(0, r.exitCode(), () -> "exit code\n" + r.describe());
        assertNoWarningNorVerifyError(r);
    }

    static void assertNoWarningNorVerifyError(JvmRun.Result r) {
        assertFalse(r.stderr().contains("WARNING"), () -> "a WARNING on stderr\n" + r.describe());
        assertNoVerifyError(r);
    }

    static void assertNoVerifyError(JvmRun.Result r) {
        assertFalse(r.stderr().contains("VerifyError") || r.stdout().contains("VerifyError"),
                () -> "a VerifyError\n" + r.describe());
    }

    /**
     * The suspension count the examples' support class prints at exit: zero when nothing may suspend,
     * positive when every point suspends (so an "always" run that never suspended cannot pass).
     */
    static void assertSuspensions(JvmRun.Result r, Mode mode) {
        Matcher m = SUSPENSIONS.matcher(r.stderr());
        assertTrue(m.find(), () -> "no suspension count on stderr\n" + r.describe());
        int n = Integer.parseInt(m.group(1));
        if (mode == Mode.AGENT_ALWAYS) {
            assertTrue(n > 0, () -> "jcoro.suspend=always but nothing suspended\n" + r.describe());
        } else {
            assertEquals(0, n, () -> "jcoro.suspend=never but something suspended\n" + r.describe());
        }
    }

    /** An example run that must print exactly the expected output. */
    static void assertExampleRun(JvmRun.Result r, String expected, Mode mode) {
        assertClean(r);
        assertEquals(expected, r.stdout(), () -> "stdout in mode " + mode + "\n" + r.describe());
        assertSuspensions(r, mode);
    }
}
