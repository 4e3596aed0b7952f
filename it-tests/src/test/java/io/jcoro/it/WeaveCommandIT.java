package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar jcoro-agent.jar weave}, with nothing but the agent jar on the command's class path,
 * weaves the compiled examples; the woven examples then run with the runtime jars and no agent, every
 * suspension point suspending, and print what they print under the agent.
 */
class WeaveCommandIT {
    private static final List<String> EXAMPLES = List.of("PrimitivesExample", "ControlFlowExample", "GeneratorExample");
    private static final Pattern SUMMARY = Pattern.compile(
            "jcoro weave: (\\d+) classes, (\\d+) woven \\((\\d+) methods\\), (\\d+) guarded methods, 0 refused methods -> .*\n");

    @TempDir
    static Path dir;
    static Path woven;
    static JvmRun.Result weave;

    @BeforeAll
    static void weaveTheExamples() throws Exception {
        woven = dir.resolve("woven");
        List<String> cp = new ArrayList<>();
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        cp.add(ItConfig.guavaJar().toString());
        cp.add(ItConfig.h2Jar().toString());
        weave = JvmRun.execute(List.of(ItConfig.java().toString(), "-jar", ItConfig.agentJar().toString(), "weave",
                "--classpath", String.join(File.pathSeparator, cp), ItConfig.exampleClasses().toString(), woven.toString()));
    }

    @Test
    void theCommandWeavesTheExamplesWithOnlyTheAgentJar() {
        assertEquals(0, weave.exitCode(), weave::describe);
        Matcher m = SUMMARY.matcher(weave.stdout());
        assertTrue(m.matches(), weave::describe);
        assertTrue(Integer.parseInt(m.group(2)) > 50, () -> "most examples are woven\n" + weave.describe());
        assertEquals("", weave.stderr(), weave::describe);
    }

    @Test
    void theWovenExamplesRunWithoutTheAgent() throws Exception {
        assertEquals(0, weave.exitCode(), weave::describe);
        List<String> cp = new ArrayList<>();
        cp.add(woven.toString());
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        for (String example : EXAMPLES) {
            JvmRun.Result r = JvmRun.execute(List.of(ItConfig.java().toString(), "-Djcoro.suspend=always",
                    "-cp", String.join(File.pathSeparator, cp), "io.jcoro.examples." + example));
            RunChecks.assertClean(r);
            assertEquals(RunChecks.expectedOutput(ItConfig.expectedDir(), example, Mode.AGENT_ALWAYS), r.stdout(), r::describe);
            RunChecks.assertSuspensions(r, Mode.AGENT_ALWAYS);
        }
    }
}
