package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcoro.it.JvmRun;
import io.jcoro.Continuation;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * {@code JCoro.install()}: a JVM started without {@code -javaagent}, with jcoro-agent.jar on its class
 * path, installs the agent first thing in main and runs suspending code, including code of a class
 * loaded before the agent came.
 */
class SelfAttachIT {
    private static final String EXPECTED_TAIL = "suspended in a class loaded before the agent: true\n"
            + "hello self-attach, done: true\n"
            + "sum of 1..10: 55, resumes: 11\n";
    private static final String INSTALLED_BY_MAIN = "installed before: false\n"
            + "installed by the first call: true\n"
            + "installed by the second call: false\n" + EXPECTED_TAIL;

    private static ToolingJvm selfAttach() {
        return ToolingJvm.example("SelfAttachApp").prependClasspath(ToolingJvm.agentJar());
    }

    private static void assertClean(JvmRun.Result r, String expectedStdout) {
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(expectedStdout, r.stdout(), r::describe);
        assertFalse(r.stderr().contains("WARNING"), r::describe);
    }

    @Test
    void installsFromMainAndSuspends() throws Exception {
        assertClean(selfAttach().quietDynamicAgents().option("-Djdk.attach.allowAttachSelf=true").run(), INSTALLED_BY_MAIN);
    }

    @Test
    void attachesThroughAHelperJvmWhenSelfAttachIsNotAllowed() throws Exception {
        // without -Djdk.attach.allowAttachSelf=true, byte-buddy-agent attaches from a helper JVM it starts
        assertClean(selfAttach().quietDynamicAgents().run(), INSTALLED_BY_MAIN);
    }

    @Test
    void isHarmlessWhenTheAgentIsAlreadyThere() throws Exception {
        assertClean(selfAttach().javaagent(null).run(), "installed before: true\n"
                + "installed by the first call: false\n"
                + "installed by the second call: false\n" + EXPECTED_TAIL);
    }

    @Test
    void withoutTheAgentJarItFailsClearly() throws Exception {
        Path api = Paths.get(Continuation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JvmRun.Result r = ToolingJvm.example("SelfAttachApp").prependClasspath(api).run();
        assertNotEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("JCoro.install() needs jcoro-agent.jar on the class path"), r::describe);
    }

    @Test
    void worksOnJdk25AndOnlyWarnsWithoutEnableDynamicAgentLoading() throws Exception {
        Path jdk25 = ToolingJvm.jdk25();
        assumeTrue(jdk25 != null, "no JDK 25 installed");
        Path java = jdk25.resolve("bin/java");

        assertClean(selfAttach().java(java).quietDynamicAgents().run(), INSTALLED_BY_MAIN);

        JvmRun.Result warned = selfAttach().java(java).run();
        assertEquals(0, warned.exitCode(), warned::describe);
        assertEquals(INSTALLED_BY_MAIN, warned.stdout(), warned::describe);
        assertTrue(warned.stderr().contains("WARNING: A Java agent has been loaded dynamically"), warned::describe);
    }
}
