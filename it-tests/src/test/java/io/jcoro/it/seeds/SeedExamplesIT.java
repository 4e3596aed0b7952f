package io.jcoro.it.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seed programs (package io.jcoro.examples.seeds), each run unmodified in a fresh JVM under
 * {@code -javaagent}, their output asserted line by line.
 */
class SeedExamplesIT {
    @Test
    void evilPlanLandsGreetsThenIsDone() throws Exception {
        SeedRun.Result r = ok("EvilPlan");
        assertEquals(List.of("Ship has landed.", "We come in peace!", "Done."), r.lines(), r.describe());
    }

    @Test
    void tokioHelloPrintsTenHellosFromOneThread() throws Exception {
        SeedRun.Result r = ok("TokioHello");
        List<String> lines = r.lines();
        assertEquals(11, lines.size(), r.describe());
        Pattern hello = Pattern.compile("hello (\\d) from (.+)");
        Set<Integer> numbers = new HashSet<>();
        Set<String> threads = new HashSet<>();
        for (String line : lines.subList(0, 10)) {
            Matcher m = hello.matcher(line);
            assertTrue(m.matches(), line + "\n" + r.describe());
            numbers.add(Integer.parseInt(m.group(1)));
            threads.add(m.group(2));
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), numbers, r.describe());
        assertEquals(Set.of("tokio-hello"), threads, "all ten on the one event-loop thread\n" + r.describe());
        assertEquals("threads used: 1 [tokio-hello]", lines.get(10), "main's task ran there too\n" + r.describe());
    }

    @Test
    void outerAwaitsInnerAndDoublesIt() throws Exception {
        SeedRun.Result r = ok("OuterInner");
        assertEquals(List.of("outer: spawned inner, awaiting it", "inner: returning 42", "outer: inner gave 42",
                "result: 84"), r.lines(), r.describe());
    }

    @Test
    void addToInboxAFailureInTheMiddleOfTheChainReachesTheCallersCatch() throws Exception {
        SeedRun.Result r = ok("AddToInbox");
        assertEquals(List.of(
                "found user Ada",
                "opened the inbox of Ada",
                "added the message; Ada has 1 message(s)",
                "delivered to ada@example.com",
                "done with ada@example.com",
                "found user Bob",
                "could not deliver to bob@example.com: the inbox of Bob is over quota",
                "done with bob@example.com"), r.lines(), r.describe());
    }

    @Test
    void theStateMachineDemoShowsEachPoll() throws Exception {
        SeedRun.Result r = ok("StateMachineDemo");
        assertEquals(List.of(
                "created: state=Start (nothing runs before the first poll)",
                "poll #1: Pending, state=AwaitingOrder",
                "poll #2 (too early): Pending, state=AwaitingOrder",
                "  -- order #7 placed on thread shop",
                "poll #3: Pending, state=AwaitingPayment(order #7)",
                "  -- payment of 42 EUR received on thread bank",
                "poll #4: Ready(receipt for order #7, paid 42 EUR), state=Done"), r.lines(), r.describe());
    }

    @Test
    void theReadmeExamplePrintsWhatTheReadmeSays() throws Exception {
        SeedRun.Result r = ok("PromisesAndSchedulers");
        assertEquals(List.of("gave up: timed out after 10 ms", "total: 97"), r.lines(), r.describe());
    }

    private static SeedRun.Result ok(String example) throws Exception {
        SeedRun.Result r = SeedRun.run(example);
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.stderr().contains("Exception"), "nothing went wrong on stderr\n" + r.describe());
        return r;
    }
}
