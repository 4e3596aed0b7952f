package io.jcoro;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Generator without the agent: a body that never yields works; the first yield fails loudly, naming the agent. */
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
        IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
        assertTrue(e.getMessage().contains("agent"), e.getMessage());
        assertFalse(it.hasNext(), "the run has ended");
    }

    @Test
    void aBodyIsRequired() {
        assertThrows(NullPointerException.class, () -> Generator.of(null));
    }
}
