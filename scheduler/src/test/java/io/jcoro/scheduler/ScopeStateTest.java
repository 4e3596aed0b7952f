package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a scope throws when several of its children failed: the first failure, the others suppressed, each once. */
class ScopeStateTest {

    /** An exception equal to every other of its class: two of them are still two failures. */
    static final class EqualToAll extends RuntimeException {
        EqualToAll(String message) {
            super(message);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EqualToAll;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Children are strings; nothing to cancel or wake. */
    static final class Scope extends ScopeState<String> {
        private final Set<String> heard = new HashSet<>();

        Scope() {
            super(false);
        }

        @Override
        void cancel(String child) {}

        @Override
        void stopOwner() {}

        @Override
        void drained() {}

        @Override
        boolean endHeard(String child) {
            return heard.contains(child);
        }

        @Override
        void markEndHeard(String child) {
            heard.add(child);
        }
    }

    @Test
    void failuresThatCallThemselvesEqualAreEachKept() {
        Scope scope = new Scope();
        for (String child : new String[] {"a", "b", "c"}) {
            scope.adopt(child);
        }
        EqualToAll a = new EqualToAll("a");
        EqualToAll b = new EqualToAll("b");
        EqualToAll c = new EqualToAll("c");
        scope.childEnded("a", a);
        scope.childEnded("b", b);
        scope.childEnded("c", c);
        scope.bodyEnded();
        Throwable thrown = scope.failure();
        assertSame(a, thrown);
        Throwable[] suppressed = thrown.getSuppressed(); // by identity: assertArrayEquals would ask equals
        assertEquals(2, suppressed.length);
        assertSame(b, suppressed[0]);
        assertSame(c, suppressed[1]);
    }

    @Test
    void theSameFailureTwiceIsSuppressedOnce() {
        Scope scope = new Scope();
        scope.adopt("a");
        scope.adopt("b");
        scope.adopt("c");
        RuntimeException first = new RuntimeException("first");
        RuntimeException shared = new RuntimeException("shared");
        scope.childEnded("a", first);
        scope.childEnded("b", shared);
        scope.childEnded("c", shared);
        scope.bodyEnded();
        assertArrayEquals(new Throwable[] {shared}, scope.failure().getSuppressed());
    }
}
