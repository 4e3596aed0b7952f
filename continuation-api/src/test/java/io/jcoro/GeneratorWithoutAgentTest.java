package io.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Generator without the agent: a body that never yields works (closing, streams, forEach included); the first yield
 * fails loudly, naming the agent.
 */
class GeneratorWithoutAgentTest {
    @Test
    void aBodyThatNeverYieldsEndsTheIteration() {
        Iterator<String> it = Generator.<String>of(out -> { }).iterator();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void yieldWithoutTheAgentFailsLoudly() {
        Iterator<String> it = Generator.<String>of(out -> out.yield("x")).iterator();
        // Generator itself is woven at build time (this module weaves its classes); this test class is not
        SuspensionError e = assertThrows(SuspensionError.class, it::hasNext);
        assertTrue(e.getMessage().contains("io.jcoro.GeneratorWithoutAgentTest was not woven: it was not woven at build "
                + "time and no jcoro agent runs"), e.getMessage());
        assertFalse(it.hasNext(), "the run has ended");
    }

    @Test
    void closingARunThatNeverStartedOrHasEndedDoesNothing() {
        List<String> log = new ArrayList<>();
        Generator<String> g = Generator.of(out -> log.add("ran"));
        Generator.Iteration<String> closedFirst = g.iterator();
        closedFirst.close();
        assertFalse(closedFirst.hasNext(), "a run closed before it started never starts");
        assertEquals(List.of(), log);
        Generator.Iteration<String> ended = g.iterator();
        assertFalse(ended.hasNext());
        ended.close();
        ended.close();
        assertEquals(List.of("ran"), log);
        Generator.Iteration<String> failed = Generator.<String>of(out -> out.yield("x")).iterator();
        assertThrows(SuspensionError.class, failed::hasNext);
        failed.close(); // the failed yield ended the run: nothing to unwind
    }

    @Test
    void streamAndForEachOfABodyThatNeverYields() {
        List<String> log = new ArrayList<>();
        Generator<String> g = Generator.of(out -> log.add("ran"));
        try (var s = g.stream()) {
            assertEquals(0, s.count());
        }
        List<String> seen = new ArrayList<>();
        g.forEach(seen::add);
        assertEquals(List.of(), seen);
        assertEquals(List.of("ran", "ran"), log);
        assertThrows(NullPointerException.class, () -> g.forEach(null));
    }

    @Test
    void aBodyIsRequired() {
        assertThrows(NullPointerException.class, () -> Generator.of(null));
    }
}
