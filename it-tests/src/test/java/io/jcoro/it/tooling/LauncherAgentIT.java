package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.it.JvmRun;
import io.jcoro.it.RuntimeJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executable jar carries the agent: its manifest names {@code io.jcoro.agent.JcoroAgent} as
 * {@code Launcher-Agent-Class} and jcoro-agent.jar (with the runtime jars) in its {@code Class-Path}, so {@code java -jar app.jar}
 * starts the agent before main, with no {@code -javaagent}.
 */
class LauncherAgentIT {
    private static final List<String> APP_CLASSES = List.of("LauncherAgentApp", "Countdown");
    private static final String EXPECTED = "agent installed before main: true\nsum of 1..5: 15, resumes: 6\n";

    /** Writes app.jar (the example classes and a manifest) next to copies of jcoro-agent.jar and the runtime jars. */
    private static Path executableJar(Path dir, boolean canRetransform) throws IOException {
        Files.copy(ToolingJvm.agentJar(), dir.resolve("jcoro-agent.jar"));
        List<String> runtime = RuntimeJars.copyInto(dir);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, ToolingJvm.EXAMPLES + "LauncherAgentApp");
        main.put(Attributes.Name.CLASS_PATH, "jcoro-agent.jar " + String.join(" ", runtime));
        main.putValue("Launcher-Agent-Class", "io.jcoro.agent.JcoroAgent");
        if (canRetransform) {
            main.putValue("Can-Retransform-Classes", "true");
        }
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : APP_CLASSES) {
                String entry = ToolingJvm.EXAMPLES.replace('.', '/') + name + ".class";
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(ToolingJvm.exampleClasses().resolve(entry)));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void javaDashJarStartsTheAgentBeforeMain(@TempDir Path dir) throws Exception {
        JvmRun.Result r = ToolingJvm.jar(executableJar(dir, true)).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(EXPECTED, r.stdout(), r::describe);
        assertFalse(r.stderr().contains("WARNING"), r::describe);
    }

    @Test
    void aManifestWithoutCanRetransformClassesStillWorks(@TempDir Path dir) throws Exception {
        // the agent starts before the main class loads, so transforming classes as they load is enough
        JvmRun.Result r = ToolingJvm.jar(executableJar(dir, false)).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(EXPECTED, r.stdout(), r::describe);
        assertFalse(r.stderr().contains("WARNING"), r::describe);
    }

    @Test
    void agentOptionsComeFromASystemProperty(@TempDir Path dir) throws Exception {
        JvmRun.Result r = ToolingJvm.jar(executableJar(dir, true)).option("-Djcoro.agent.options=verbose").run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(EXPECTED, r.stdout(), r::describe);
        assertTrue(r.stderr().contains("jcoro: io.jcoro.examples.tooling.Countdown.step(I)I: WOVEN (1 suspension points)"),
                r::describe);
    }
}
