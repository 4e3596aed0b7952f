package io.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of Continuation that do not need the agent: life cycle, current(), errors. */
class ContinuationWithoutAgentTest {
    @Test
    void bodyThatNeverSuspendsRunsToCompletionInOneResume() {
        List<String> log = new ArrayList<>();
        Continuation c = new Continuation(() -> log.add("ran"));
        assertFalse(c.isDone());
        c.resume();
        assertTrue(c.isDone());
        assertEquals(List.of("ran"), log);
    }

    @Test
    void resumingADoneContinuationFails() {
        Continuation c = new Continuation(() -> {});
        c.resume();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::resume);
        assertEquals("the continuation is done", e.getMessage());
    }

    @Test
    void currentIsTheRunningContinuationAndNullOutside() {
        assertNull(Continuation.current());
        Continuation[] seen = new Continuation[2];
        Continuation outer = new Continuation(() -> {
            seen[0] = Continuation.current();
            Continuation inner = new Continuation(() -> seen[1] = Continuation.current());
            inner.resume();
            assertSame(seen[0], Continuation.current(), "outer is current again after the inner one returns");
        });
        outer.resume();
        assertSame(outer, seen[0]);
        assertTrue(seen[1] != null && seen[1] != outer);
        assertNull(Continuation.current());
    }

    @Test
    void exceptionFromBodyPropagatesAndEndsTheContinuation() {
        Continuation c = new Continuation(() -> {
            throw new IllegalArgumentException("boom");
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::resume);
        assertEquals("boom", e.getMessage());
        assertTrue(c.isDone());
        assertNull(Continuation.current());
    }

    @Test
    void resumeFromInsideItsOwnBodyFails() {
        Continuation[] self = new Continuation[1];
        IllegalStateException[] error = new IllegalStateException[1];
        self[0] = new Continuation(() -> {
            try {
                self[0].resume();
            } catch (IllegalStateException e) {
                error[0] = e;
            }
        });
        self[0].resume();
        assertEquals("the continuation is running already", error[0].getMessage());
    }

    @Test
    void suspendOutsideAContinuationFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Continuation::suspend);
        assertEquals("Continuation.suspend() called outside of a continuation", e.getMessage());
    }

    @Test
    void nullBodyIsRejected() {
        assertThrows(NullPointerException.class, () -> new Continuation(null));
    }
}
