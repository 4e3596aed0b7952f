package io.jcoro.weaver.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableRunnable;
import io.jcoro.agent.AgentOptions;
import io.jcoro.agent.JcoroTransformer;
import io.jcoro.agent.fuzz.InMemoryCompiler;
import io.jcoro.agent.fuzz.ProgramLoader;
import io.jcoro.internal.AgentPresence;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape the differential fuzz found refused: when a constructor argument is a switch expression
 * with a {@code try} in an arm, javac parks the operand stack, including the new and not yet
 * constructed object, in local variables while the switch runs. A suspension inside the switch must
 * work like any other. {@link NewRelocator}'s regression test on real javac output, run through the
 * whole transformer (its stage test, {@code NewRelocatorTest}, builds the same spill by hand).
 */
class SwitchSpillInConstructorArgumentTest {
    private static final String SOURCE = String.join("\n",
            "package fz;",
            "",
            "import io.jcoro.Continuation;",
            "import io.jcoro.Suspendable;",
            "import io.jcoro.SuspendableRunnable;",
            "",
            "public class Spill implements SuspendableRunnable {",
            "    public static String out;",
            "",
            "    @Suspendable",
            "    static String pass(String s) {",
            "        Continuation.suspend();",
            "        return s;",
            "    }",
            "",
            "    @Suspendable",
            "    static String arm(int k, String s) {",
            "        return switch (k) {",
            "            case 1 -> \"one\";",
            "            default -> { String y; try { y = pass(s); } catch (IllegalStateException e) { y = \"caught\"; } yield y; }",
            "        };",
            "    }",
            "",
            "    @Override",
            "    public void run() {",
            "        long below = 40L;",
            "        StringBuilder one = new StringBuilder(switch ((int) (below / 20)) {",
            "            case 1 -> \"a\";",
            "            default -> { String y; try { y = pass(\"b\"); } catch (IllegalStateException e) { y = \"c\"; } yield y; }",
            "        });",
            "        StringBuilder two = new StringBuilder(String.valueOf(new StringBuilder(switch (one.length()) {",
            "            case 7 -> \"x\";",
            "            default -> { String y; try { y = pass(\"d\"); } finally { one.append('+'); } yield y; }",
            "        })));",
            "        out = one.append(two).append(below).append(arm(2, \"e\")).toString();",
            "    }",
            "}",
            "");

    @Test
    void suspendsInsideASwitchExpressionThatIsAConstructorArgument() throws Exception {
        AgentPresence.markInstalled();
        Map<String, byte[]> classes = new InMemoryCompiler(Suspendable.class).compile(Map.of("fz.Spill", SOURCE));
        ProgramLoader loader = new ProgramLoader(getClass().getClassLoader(), classes,
                new JcoroTransformer(AgentOptions.parse(null)));
        Class<?> spill = Class.forName("fz.Spill", true, loader);
        Continuation continuation = new Continuation((SuspendableRunnable) spill.getDeclaredConstructor().newInstance());

        int suspensions = 0;
        continuation.resume();
        while (!continuation.isDone()) {
            suspensions++;
            assertFalse(suspensions > 3, "suspended more often than the program calls suspend()");
            continuation.resume();
        }

        assertEquals(3, suspensions);
        assertEquals("b+d40e", spill.getField("out").get(null));
        assertTrue(continuation.isDone());
    }
}
