package io.jcoro.agent.tooling;

import io.jcoro.internal.AgentPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.debug.LogicalStack;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logical stack of a suspended continuation, read from its frame store: every frame, with its
 * class, method, file and the line of the call it waits in, whatever values the frames saved; and
 * reading it does not disturb the continuation.
 */
class LogicalStackTest {
    private static final String SOURCE = "fixtures/frames/FrameShapes.java";

    @BeforeAll
    static void suspensionWorks() {
        AgentPresence.markInstalled(); // the loader below transforms the classes itself
    }

    @Test
    void aSuspendedChainShowsEveryFrameWithItsLineAndResumesUndisturbed(@TempDir Path root) throws Exception {
        long[] result = new long[1];
        Continuation c = (Continuation) new TransformingLoader(root, "fixtures.frames")
                .loadClass("fixtures.frames.FrameShapes").getMethod("start", long[].class).invoke(null, (Object) result);
        assertEquals(List.of(), LogicalStack.of(c), "not started: no saved frame");

        c.resume();
        assertFalse(c.isDone());
        List<StackTraceElement> stack = LogicalStack.of(c);
        String cls = "fixtures.frames.FrameShapes";
        assertEquals(4, stack.size(), stack::toString);
        assertEquals(new StackTraceElement(cls, "inner", "FrameShapes.java", SourceLines.lineOf(SOURCE, "inner")), stack.get(0));
        assertEquals(new StackTraceElement(cls, "middle", "FrameShapes.java", SourceLines.lineOf(SOURCE, "middle")), stack.get(1));
        assertEquals(new StackTraceElement(cls, "outer", "FrameShapes.java", SourceLines.lineOf(SOURCE, "outer")), stack.get(2));
        assertTrue(stack.get(3).getMethodName().startsWith("lambda$start$"), stack::toString);
        assertEquals(SourceLines.lineOf(SOURCE, "shapes body"), stack.get(3).getLineNumber());
        assertEquals(stack, LogicalStack.of(c), "reading twice gives the same frames");
        assertTrue(LogicalStack.format(stack).startsWith("\tat " + cls + ".inner(FrameShapes.java:"), LogicalStack.format(stack));

        c.resume();
        assertTrue(c.isDone());
        long inner = 'c' + "x5".length() + 3;
        long middle = "x5".length() + 1 + inner;
        assertEquals((1L << 40) + 2 + middle + 2, result[0], "the frames were restored intact");
        assertEquals(List.of(), LogicalStack.of(c), "done: no saved frame");
    }
}
