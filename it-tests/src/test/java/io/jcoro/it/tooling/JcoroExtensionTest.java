package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.JCoro;
import io.jcoro.Suspendable;
import io.jcoro.agent.JcoroAgent;
import io.jcoro.junit.JcoroExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JUnit extension installs the agent before the tests run, so suspendable code in the test class
 * itself (loaded before the agent, so retransformed) suspends and resumes.
 */
@ExtendWith(JcoroExtension.class)
class JcoroExtensionTest {
    private int steps;

    @Suspendable
    private String twoSteps(String name) {
        String first = name + ":" + (++steps);
        Continuation.suspend();
        return first + "," + (++steps);
    }

    @Test
    void theAgentIsInstalledAndTheTestClassItselfSuspends() {
        assertTrue(JcoroAgent.isInstalled());
        assertTrue(JCoro.isInstalled());
        assertFalse(JCoro.install(), "installing again does nothing");
        String[] out = new String[1];
        Continuation c = new Continuation(() -> out[0] = twoSteps("t"));
        c.resume();
        assertFalse(c.isDone());
        assertEquals(1, steps);
        c.resume();
        assertTrue(c.isDone());
        assertEquals("t:1,2", out[0]);
    }
}
