package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar jcoro-agent.jar weave}, with nothing but the agent jar on the command's class path,
 * weaves the compiled examples. Every example of {@link ExamplesIT} then runs two more ways, every
 * suspension point suspending, and must print what it prints under the agent:
 * <ul>
 *   <li>woven: the woven classes and the runtime jars (themselves woven when they were built), no agent;
 *   <li>mixed: every other example class pre-woven, the rest as compiled, under the agent, which weaves
 *       those and passes the pre-woven ones by, so calls cross between the two kinds both ways.
 * </ul>
 * Run on the JDK under test ({@code jcoro.it.java}): CI runs it on JDK 17 and 25.
 */
class WeaveCommandIT {
    private static final Pattern SUMMARY = Pattern.compile(
            "jcoro weave: (\\d+) classes, (\\d+) woven \\((\\d+) methods\\), (\\d+) guarded methods, 0 refused methods -> .*\n");
    private static final Pattern MARKER = Pattern.compile("Lio/jcoro/internal/Woven;");

    @TempDir
    static Path dir;
    static Path woven;
    static Path mixed;
    static JvmRun.Result weave;

    enum Run { WOVEN, MIXED }

    @BeforeAll
    static void weaveTheExamples() throws Exception {
        woven = dir.resolve("woven");
        List<String> cp = new ArrayList<>();
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        cp.add(ItConfig.guavaJar().toString());
        cp.add(ItConfig.h2Jar().toString());
        weave = JvmRun.execute(List.of(ItConfig.java().toString(), "-jar", ItConfig.agentJar().toString(), "weave",
                "--classpath", String.join(File.pathSeparator, cp), ItConfig.exampleClasses().toString(), woven.toString()));
        if (weave.exitCode() == 0) {
            mixed = mix(ItConfig.exampleClasses(), woven, dir.resolve("mixed"));
        }
    }

    /** The compiled classes, with every other class file (in name order) replaced by its woven version. */
    private static Path mix(Path compiled, Path wovenClasses, Path out) throws IOException {
        List<Path> classes;
        try (Stream<Path> s = Files.walk(compiled)) {
            classes = s.filter(p -> p.toString().endsWith(".class")).map(compiled::relativize).sorted()
                    .collect(Collectors.toList());
        }
        for (int i = 0; i < classes.size(); i++) {
            Path rel = classes.get(i);
            Path target = out.resolve(rel.toString());
            Files.createDirectories(target.getParent());
            Files.copy((i % 2 == 0 ? wovenClasses : compiled).resolve(rel.toString()), target);
        }
        return out;
    }

    static Stream<Arguments> runs() {
        return ExamplesIT.EXAMPLES.stream().flatMap(e -> Arrays.stream(Run.values()).map(r -> Arguments.of(e, r)));
    }

    @Test
    void theCommandWeavesTheExamplesWithOnlyTheAgentJar() throws IOException {
        assertEquals(0, weave.exitCode(), weave::describe);
        Matcher m = SUMMARY.matcher(weave.stdout());
        assertTrue(m.matches(), weave::describe);
        assertTrue(Integer.parseInt(m.group(2)) > 50, () -> "most examples are woven\n" + weave.describe());
        assertEquals("", weave.stderr(), weave::describe);
        byte[] primitives = Files.readAllBytes(woven.resolve("io/jcoro/examples/PrimitivesExample.class"));
        assertTrue(MARKER.matcher(new String(primitives, java.nio.charset.StandardCharsets.ISO_8859_1)).find(),
                "a woven class carries the marker the agent passes by");
    }

    @Test
    void weavingTheWovenClassesAgainChangesNothing() throws Exception {
        assertEquals(0, weave.exitCode(), weave::describe);
        Path again = dir.resolve("again");
        List<String> cp = new ArrayList<>();
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        cp.add(ItConfig.guavaJar().toString());
        cp.add(ItConfig.h2Jar().toString());
        JvmRun.Result r = JvmRun.execute(List.of(ItConfig.java().toString(), "-jar", ItConfig.agentJar().toString(),
                "weave", "--classpath", String.join(File.pathSeparator, cp), woven.toString(), again.toString()));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains(" 0 woven (0 methods)"), r::describe);
        try (Stream<Path> s = Files.walk(woven)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                assertEquals(-1L, Files.mismatch(p, again.resolve(woven.relativize(p).toString())), p::toString);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void theWovenExamplesPrintWhatTheyPrintUnderTheAgent(String example, Run run) throws Exception {
        assertEquals(0, weave.exitCode(), weave::describe);
        List<String> command = new ArrayList<>(List.of(ItConfig.java().toString()));
        if (run == Run.MIXED) {
            command.add("-javaagent:" + ItConfig.agentJar());
        }
        List<String> cp = new ArrayList<>();
        cp.add((run == Run.WOVEN ? woven : mixed).toString());
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        command.addAll(List.of("-Djcoro.suspend=always", "-cp", String.join(File.pathSeparator, cp),
                "io.jcoro.examples." + example));
        JvmRun.Result r = JvmRun.execute(command);
        RunChecks.assertExampleRun(r, RunChecks.expectedOutput(ItConfig.expectedDir(), example, Mode.AGENT_ALWAYS),
                Mode.AGENT_ALWAYS);
        assertFalse(r.stderr().contains("jcoro could not"), r::describe);
    }
}
