package io.jcoro.agent.tooling;

import io.jcoro.internal.AgentPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.SuspensionError;
import io.jcoro.debug.LogicalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods of classes the user does not own (fixtures.lib.Pipeline and Stage mention no jcoro) become
 * suspendable through a META-INF/jcoro/suspendables file on the class path: the library's own code is
 * then woven and a suspension passes through it.
 */
class SuspendablesFileTest {
    private static final String USER_STAGES = "fixtures/lib/UserStages.java";

    @BeforeAll
    static void suspensionWorks() {
        AgentPresence.markInstalled(); // the loader below transforms the classes itself
    }

    private static Continuation pipeline(Path root, int[] result) throws Exception {
        TransformingLoader loader = new TransformingLoader(root, "fixtures.lib");
        return (Continuation) loader.loadClass("fixtures.lib.UserStages")
                .getMethod("pipeline", int.class, int[].class).invoke(null, 1, result);
    }

    private static StackTraceElement frame(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    @Test
    void declaredThirdPartyMethodsAreWovenAndASuspensionPassesThroughThem(@TempDir Path root) throws Exception {
        Path file = root.resolve("META-INF/jcoro/suspendables");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "// the pipeline library, which knows nothing of jcoro",
                "fixtures.lib.Stage#process(I)I",
                "",
                "fixtures/lib/Pipeline#run   # every overload, internal name"));
        int[] result = new int[1];
        Continuation c = pipeline(root, result);

        c.resume();
        assertFalse(c.isDone(), "the Doubler stage suspends");
        List<StackTraceElement> stack = LogicalStack.of(c);
        assertEquals(3, stack.size(), stack::toString);
        assertEquals(frame("fixtures.lib.UserStages$Doubler", "process", "UserStages.java",
                SourceLines.lineOf(USER_STAGES, "doubler suspends")), stack.get(0));
        assertEquals(frame("fixtures.lib.Pipeline", "run", "Pipeline.java",
                SourceLines.lineOf("fixtures/lib/Pipeline.java", "pipeline call")), stack.get(1));
        assertTrue(stack.get(2).getMethodName().startsWith("lambda$pipeline$"), stack::toString);
        assertEquals(SourceLines.lineOf(USER_STAGES, "body"), stack.get(2).getLineNumber());

        c.resume();
        assertFalse(c.isDone(), "the last stage, a lambda, suspends");
        stack = LogicalStack.of(c);
        assertEquals(3, stack.size(), stack::toString);
        assertTrue(stack.get(0).getMethodName().startsWith("lambda$pipeline$"), stack::toString);
        assertEquals(SourceLines.lineOf(USER_STAGES, "lambda suspends"), stack.get(0).getLineNumber());
        assertEquals("run", stack.get(1).getMethodName());

        c.resume();
        assertTrue(c.isDone());
        assertEquals(((1 + 1) * 2) * 10, result[0]);
    }

    @Test
    void wholeClassesDeclaredWithAStarAreWovenTheSame(@TempDir Path root) throws Exception {
        Path file = root.resolve("META-INF/jcoro/suspendables");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "fixtures.lib.Stage#*\nfixtures/lib/Pipeline#*\n");
        int[] result = new int[1];
        Continuation c = pipeline(root, result);
        c.resume();
        assertFalse(c.isDone(), "the Doubler stage suspends");
        assertEquals(frame("fixtures.lib.Pipeline", "run", "Pipeline.java",
                SourceLines.lineOf("fixtures/lib/Pipeline.java", "pipeline call")), LogicalStack.of(c).get(1));
        c.resume();
        assertFalse(c.isDone(), "the last stage, a lambda, suspends");
        c.resume();
        assertTrue(c.isDone());
        assertEquals(((1 + 1) * 2) * 10, result[0]);
    }

    @Test
    void withoutTheFileTheSameSuspensionFailsNamingTheUndeclaredMethod(@TempDir Path root) throws Exception {
        int[] result = new int[1];
        Continuation c = pipeline(root, result);
        SuspensionError e = assertThrows(SuspensionError.class, c::resume);
        String expected = "cannot suspend at fixtures.lib.UserStages$Doubler.process(UserStages.java:"
                + SourceLines.lineOf(USER_STAGES, "doubler suspends") + ")";
        assertTrue(e.getMessage().contains(expected), e::getMessage);
    }
}
