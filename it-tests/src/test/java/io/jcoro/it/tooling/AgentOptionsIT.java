package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.it.OddNewClass;
import io.jcoro.it.JvmRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent options: strict, verbose and dump=DIR. */
class AgentOptionsIT {
    private static final String REFUSAL = "jcoro: " + OddNewClass.NAME + ".call()Ljava/lang/Object;: REFUSED";
    private static final String COUNTDOWN = "sum of 1..5: 15, resumes: 6\n";

    @Test
    void strictHaltsTheJvmWhenAClassWithATransformationErrorLoads(@TempDir Path dir) throws Exception {
        Path classes = OddNewClass.writeTo(dir);
        // without strict: a warning, and the program runs (nothing suspends in it)
        JvmRun.Result lenient = new ToolingJvm().javaagent(null).prependClasspath(classes)
                .prependClasspath(ToolingJvm.exampleClasses()).main("io.jcoro.examples.errors.RefusedMethod", OddNewClass.NAME).run();
        assertEquals(0, lenient.exitCode(), lenient::describe);
        assertTrue(lenient.stderr().contains("WARNING: " + REFUSAL), lenient::describe);
        assertEquals("call returned: odd\n", lenient.stdout(), lenient::describe); // what OddNew.call returns

        JvmRun.Result strict = new ToolingJvm().javaagent("strict").prependClasspath(classes)
                .prependClasspath(ToolingJvm.exampleClasses()).main("io.jcoro.examples.errors.RefusedMethod", OddNewClass.NAME).run();
        assertEquals(70, strict.exitCode(), strict::describe);
        assertTrue(strict.stderr().contains(REFUSAL), strict::describe);
        assertTrue(strict.stderr().contains("a transformation error is fatal in strict mode; halting the JVM with exit status 70"),
                strict::describe);
        assertEquals("", strict.stdout(), "main never ran past loading the class\n" + strict.describe());
    }

    @Test
    void strictFailsTheInstallWhenAClassLoadedBeforeHasAnError(@TempDir Path dir) throws Exception {
        Path classes = OddNewClass.writeTo(dir);
        JvmRun.Result r = ToolingJvm.example("StrictInstallApp").prependClasspath(classes)
                .prependClasspath(ToolingJvm.agentJar()).quietDynamicAgents().option("-Djdk.attach.allowAttachSelf=true")
                .args(OddNewClass.NAME).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().startsWith("install failed: jcoro (strict): 1 transformation error(s) while the agent started:\n  "
                + REFUSAL), r::describe);
    }

    @Test
    void strictAcceptsAProgramWithoutErrors() throws Exception {
        JvmRun.Result r = ToolingJvm.example("LauncherAgentApp").javaagent("strict").run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("agent installed before main: true\n" + COUNTDOWN, r.stdout(), r::describe);
        assertFalse(r.stderr().contains("jcoro"), r::describe);
    }

    @Test
    void verboseLogsEveryTransformedMethod() throws Exception {
        JvmRun.Result r = ToolingJvm.example("LauncherAgentApp").javaagent("verbose").run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("agent installed before main: true\n" + COUNTDOWN, r.stdout(), r::describe);
        for (String method : new String[] {"step(I)I", "sumTo(I)J"}) {
            assertTrue(r.stderr().contains("INFO: jcoro: io.jcoro.examples.tooling.Countdown." + method
                    + ": WOVEN (1 suspension points)"), r::describe);
        }
    }

    @Test
    void dumpWritesEveryTransformedClassFile(@TempDir Path dir) throws Exception {
        JvmRun.Result r = ToolingJvm.example("LauncherAgentApp").javaagent("dump=" + dir).run();
        assertEquals(0, r.exitCode(), r::describe);
        Path dumped = dir.resolve("io/jcoro/examples/tooling/Countdown.class");
        assertTrue(Files.exists(dumped), () -> dumped + " was not written\n" + r.describe());
        byte[] bytes = Files.readAllBytes(dumped);
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, Arrays.copyOf(bytes, 4));
        byte[] original = Files.readAllBytes(ToolingJvm.exampleClasses().resolve("io/jcoro/examples/tooling/Countdown.class"));
        assertFalse(Arrays.equals(original, bytes), "the dump is the transformed class");
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("io/jcoro/internal/Coroutine"),
                "the transformed code saves frames");
        assertFalse(Files.exists(dir.resolve("io/jcoro/examples/tooling/LauncherAgentApp.class")),
                "a class with nothing to transform is not dumped");
    }
}
