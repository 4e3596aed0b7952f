package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.it.JvmRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dumps and logical stacks read a suspended continuation's frames from the top, stepping over each
 * frame's values with the counts the transformer recorded per suspension point. With
 * {@code -Djcoro.debug.checkFrames=true} every suspension checks that this walk uses up exactly the
 * saved values; here every example program (each a catalogue of transformation cases: primitives,
 * operand stacks, deep chains, lambdas, dispatch, constructors...) runs suspending at every point with
 * the check on, and must print its usual output.
 */
class FrameCheckIT {
    private static final Pattern SUSPENSIONS = Pattern.compile("\\[jcoro-examples] suspensions=(\\d+)");

    /** Every example main class with an expected output (io.jcoro.examples.NAME). */
    static Stream<String> examples() throws IOException {
        Path expected = expectedDir();
        try (Stream<Path> files = Files.list(expected)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.endsWith(".always.txt"))
                    .map(n -> n.substring(0, n.length() - ".txt".length()))
                    .filter(n -> Files.exists(ToolingJvm.exampleClasses().resolve("io/jcoro/examples/" + n + ".class")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    private static Path expectedDir() {
        return Paths.get(System.getProperty("jcoro.expected.dir"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everySuspensionLeavesFramesThatReadBackExactly(String example) throws Exception {
        JvmRun.Result r = new ToolingJvm().javaagent(null).prependClasspath(ToolingJvm.exampleClasses())
                .option("-Djcoro.suspend=always", "-Djcoro.debug.checkFrames=true")
                .main("io.jcoro.examples." + example).run();
        Path always = expectedDir().resolve(example + ".always.txt");
        Path file = Files.exists(always) ? always : expectedDir().resolve(example + ".txt");
        assertEquals(0, r.exitCode(), r::describe);
        assertFalse(r.stderr().contains("jcoro frame check"), r::describe);
        assertEquals(Files.readString(file).replace("\r\n", "\n"), r.stdout(), r::describe);
        Matcher m = SUSPENSIONS.matcher(r.stderr());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, () -> "nothing suspended\n" + r.describe());
    }
}
