package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A suspension inside a callback that a JDK method runs (with the callback's interface declared
 * suspendable in META-INF/jcoro/suspendables) cannot be carried through that JDK method. Whether or not
 * the same suspension point suspended before (a warm-up in the same body, or in an earlier separate
 * continuation or scheduler task), and in a plain continuation as on a scheduler, the run must end with
 * a {@code io.jcoro.SuspensionError} whose message starts {@code cannot suspend at <the JDK frame>(File:line)}
 * and does not advise making that JDK method {@code @Suspendable}; never a wrong result, never a body
 * re-running forever, and the code after the failing call never runs. The examples are
 * io.jcoro.examples.chains; see ChainRun for the runners and warm-ups.
 */
class SuspensionThroughLibraryCallbacksIT {
    private static final String PACKAGE = "io.jcoro.examples.chains.";
    private static final List<String> FUNCTION_DECLARED = List.of("java.util.function.Function#apply");
    private static final List<String> GUAVA_FILTER_DECLARED = List.of(
            "com.google.common.base.Predicate#apply",
            "java.util.function.Predicate#test",
            "com.google.common.collect.CollectSpliterators$1Splitr#tryAdvance");
    private static final Pattern SUSPENSION_ERROR = Pattern.compile(
            "Exception in thread \"main\" io\\.jcoro\\.SuspensionError: (.*)");
    private static final Pattern ADVICE_TO_ANNOTATE = Pattern.compile("(?i)\\b(make|annotate|mark)\\b[^.;]*@Suspendable");

    @TempDir
    Path declarations;

    static Stream<Arguments> runnersAndWarmUps() {
        return Stream.of("continuation", "scheduler")
                .flatMap(runner -> Stream.of("none", "same-body", "earlier").map(warmUp -> Arguments.of(runner, warmUp)));
    }

    @ParameterizedTest(name = "{0}, warm-up {1}")
    @MethodSource("runnersAndWarmUps")
    void suspendingInComputeIfAbsentFailsNamingHashMap(String runner, String warmUp) throws Exception {
        JvmRun.Result r = suspending("ComputeIfAbsentLoop", FUNCTION_DECLARED, runner, warmUp);
        assertFailsAt(r, "java.util.HashMap.computeIfAbsent", "HashMap.java", warmUpLine(runner, warmUp) + "computing a\n");
    }

    @ParameterizedTest(name = "{0}, warm-up {1}")
    @MethodSource("runnersAndWarmUps")
    void suspendingInComputeIfAbsentBeforeANonSuspendingStepFailsNamingHashMap(String runner, String warmUp)
            throws Exception {
        JvmRun.Result r = suspending("ComputeIfAbsentThenStep", FUNCTION_DECLARED, runner, warmUp);
        assertFailsAt(r, "java.util.HashMap.computeIfAbsent", "HashMap.java", warmUpLine(runner, warmUp) + "computing a\n");
    }

    @ParameterizedTest(name = "{0}, warm-up {1}")
    @MethodSource("runnersAndWarmUps")
    void suspendingInAGuavaFilterOfAStreamFailsNamingSpliteratorForEachRemaining(String runner, String warmUp)
            throws Exception {
        JvmRun.Result r = suspending("GuavaFilteredStream", GUAVA_FILTER_DECLARED, runner, warmUp);
        assertFailsAt(r, "java.util.Spliterator.forEachRemaining", "Spliterator.java",
                warmUpLine(runner, warmUp) + "testing 1\n");
    }

    static Stream<Arguments> examplesAndResults() {
        return Stream.of("continuation", "scheduler").flatMap(runner -> Stream.of(
                Arguments.of("ComputeIfAbsentLoop", runner, "computing a\ncomputing bb\ncomputing ccc\ncomputing dddd\n"
                        + "result: {a=1, bb=2, ccc=3, dddd=4}\n"),
                Arguments.of("ComputeIfAbsentThenStep", runner, "computing a\ncomputing bb\ncomputing ccc\n"
                        + "computing dddd\nresult: {a=1, bb=2, ccc=3, dddd=4}, steps: 4\n"),
                Arguments.of("GuavaFilteredStream", runner, "testing 1\ntesting 2\ntesting 3\ntesting 4\nresult: [20, 40]\n")));
    }

    /** The ground truth: under the agent with the same declarations, nothing suspending, each example is right. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("examplesAndResults")
    void withoutSuspendingEachExamplePrintsTheRightResult(String example, String runner, String expected) throws Exception {
        List<String> declared = example.startsWith("Guava") ? GUAVA_FILTER_DECLARED : FUNCTION_DECLARED;
        JvmRun.Result r = run(example, declared, runner, "none").suspend("never").run();
        RunChecks.assertClean(r);
        assertEquals(expected, r.stdout(), r::describe);
    }

    private JvmRun.Result suspending(String example, List<String> declared, String runner, String warmUp) throws Exception {
        return run(example, declared, runner, warmUp).run();
    }

    /** The example under the agent, with guava and a declarations file of its own on the class path. */
    private JvmRun run(String example, List<String> declared, String runner, String warmUp) throws Exception {
        Path file = declarations.resolve("META-INF/jcoro/suspendables");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", declared) + "\n");
        return JvmRun.of(PACKAGE + example).withAgent().prependClasspath(ItConfig.guavaJar())
                .prependClasspath(declarations).args(runner, warmUp);
    }

    private static String warmUpLine(String runner, String warmUp) {
        switch (warmUp) {
            case "none":
                return "";
            case "same-body":
                return "warm-up: suspended in the same body\n";
            default:
                return runner.equals("scheduler") ? "warm-up: suspended in an earlier task\n"
                        : "warm-up: suspended in an earlier continuation\n";
        }
    }

    /**
     * The run ended with a SuspensionError out of main whose message starts by naming {@code frame} with
     * its file and a line, and does not tell to annotate it; stdout shows the callback ran once and nothing
     * after the failing call ran.
     */
    private static void assertFailsAt(JvmRun.Result r, String frame, String file, String expectedStdout) {
        assertFalse(r.stdout().contains("gave up:"), () -> "the coroutine kept re-running (a livelock)\n" + r.describe());
        assertFalse(r.stdout().contains("result:"), () -> "the code after the failing call ran and printed a result "
                + "(a lost suspension: the value is wrong)\n" + r.describe());
        assertEquals(expectedStdout, r.stdout(), () -> "the callback must run once and fail; the library method "
                + "must not go on\n" + r.describe());
        assertEquals(1, r.exitCode(), () -> "an error thrown out of main\n" + r.describe());
        Matcher m = SUSPENSION_ERROR.matcher(r.stderr());
        assertTrue(m.find(), () -> "no io.jcoro.SuspensionError out of main\n" + r.describe());
        String message = m.group(1);
        Pattern names = Pattern.compile("cannot suspend at " + Pattern.quote(frame + "(" + file + ":") + "\\d+\\)");
        assertTrue(names.matcher(message).lookingAt(),
                () -> "the message should start with " + names + ", the first frame that cannot carry the suspension\n"
                        + r.describe());
        assertFalse(ADVICE_TO_ANNOTATE.matcher(message).find(),
                () -> "the message must not advise making a JDK method @Suspendable\n" + r.describe());
        RunChecks.assertNoWarningNorVerifyError(r);
    }
}
