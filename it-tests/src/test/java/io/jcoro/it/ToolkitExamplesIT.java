package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The toolkit's examples (channels, semaphore, scopes, blocking offload, generators), each run as a user
 * runs it: a fresh JVM ({@code jcoro.it.java}) with {@code -javaagent:} on the built agent jar. Each must
 * exit 0, print nothing on stderr, and print its expected result, which is the same on both schedulers.
 */
class ToolkitExamplesIT {
    private static final String PACKAGE = "io.jcoro.examples.";

    /** The examples that take a scheduler argument, and what each prints on either scheduler. */
    private static final Map<String, String> ON_A_SCHEDULER = Map.of(
            "PipelineExample",
            "records in: 10000, squares out: 10000\n"
                    + "sum of squares: 333383335000 (n(n+1)(2n+1)/6 = 333383335000)\n"
                    + "largest square: 100000000\n"
                    + "with record 5000 malformed, the pipeline stopped: not a record: garbage\n",
            "CrawlerExample",
            "pages found: 40 (/page/0, /page/1, /page/2, /page/3, /page/4 ...)\n"
                    + "broken links: [/page/404]\n"
                    + "requests the server answered: 41\n"
                    + "most fetches at once: 3 (semaphore permits: 3)\n",
            "FailFastScopeExample",
            "the scope threw: charge: the card was declined\n"
                    + "  suppressed: reserve: could not release the reservation\n"
                    + "finally blocks that had run: [deliver, reserve]\n"
                    + "charge: failed: charge: the card was declined\n"
                    + "deliver: cancelled (CancellationException)\n");

    static Stream<Arguments> examplesAndSchedulers() {
        return ON_A_SCHEDULER.keySet().stream().sorted()
                .flatMap(example -> Stream.of("single", "parallel").map(kind -> Arguments.of(example, kind)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("examplesAndSchedulers")
    void printsItsResultOnEitherScheduler(String example, String scheduler) throws Exception {
        JvmRun.Result r = JvmRun.of(PACKAGE + example).withAgent().args(scheduler).run();
        assertCleanAndQuiet(r);
        assertEquals(ON_A_SCHEDULER.get(example), r.stdout(), r::describe);
    }

    @Test
    void theGeneratorExamplePrintsPrimesTwinPrimesATreeWalkAndTwoIndependentRuns() throws Exception {
        JvmRun.Result r = JvmRun.of(PACKAGE + "GeneratorToolkitExample").withAgent().run();
        assertCleanAndQuiet(r);
        assertEquals("first 10 primes: [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]\n"
                + "the 1000th prime: 7919\n"
                + "first 6 twin primes: [(3, 5), (5, 7), (11, 13), (17, 19), (29, 31), (41, 43)]\n"
                + "tree in order: [20, 30, 35, 40, 50, 60, 65, 70, 80]\n"
                + "two runs of one generator: a is at 9, b starts at 1\n", r.stdout(), r::describe);
    }

    /**
     * The H2 example, with H2's jar on the example JVM's class path: every query answered, and the
     * loop's ticker ticked at least once (it is spawned before the queries and sleeps before it checks
     * whether they are done again, so at least one of its sleeps ends whatever the timing).
     */
    @Test
    void theBlockingJdbcExampleLooksUpEveryoneWhileTheLoopTicks() throws Exception {
        JvmRun.Result r = JvmRun.of(PACKAGE + "BlockingJdbcExample").withAgent().prependClasspath(ItConfig.h2Jar()).run();
        assertCleanAndQuiet(r);
        Matcher m = Pattern.compile("1000 names looked up, first person-1, last person-1000\n"
                + "the loop's timer ticked (\\d+) times meanwhile\n").matcher(r.stdout());
        assertTrue(m.matches(), r::describe);
        assertTrue(Integer.parseInt(m.group(1)) >= 1, r::describe);
    }

    /** Exit code 0, no warning nor verifier error, and nothing at all on stderr (no failure report either). */
    private static void assertCleanAndQuiet(JvmRun.Result r) {
        RunChecks.assertClean(r);
        assertEquals("", r.stderr(), () -> "stderr should be empty\n" + r.describe());
    }
}
