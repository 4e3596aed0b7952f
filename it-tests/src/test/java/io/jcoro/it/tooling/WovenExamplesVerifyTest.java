package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.AgentRegistration;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import io.jcoro.weaver.transform.AnnotationPolicy;
import io.jcoro.weaver.transform.ClassTransformer;
import io.jcoro.weaver.transform.MethodOutcome;
import io.jcoro.weaver.transform.Registration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every class the weaver emits from the examples and from these tests (the ported suites of the peers
 * among them), woven for the agent and for the build, passes ASM's {@link CheckClassAdapter#verify}:
 * structure, then every method through a {@code SimpleVerifier} that resolves types with the test class
 * loader. The JVM's verifier sees these classes too when a test loads them under the agent; this check
 * also covers the build's registration (static initialiser, dynamic constants) and classes no test
 * loads, and names the method and instruction when something is wrong.
 */
class WovenExamplesVerifyTest {
    private static final ClassLoader LOADER = WovenExamplesVerifyTest.class.getClassLoader();

    @Test
    void everyClassWovenForTheAgentVerifies() throws Exception {
        assertTrue(verifyAll(() -> new AgentRegistration(LOADER)) > 200, "too few woven methods");
    }

    @Test
    void everyClassWovenForTheBuildVerifies() throws Exception {
        assertTrue(verifyAll(Registration::forBuild) > 200, "too few woven methods");
    }

    /** Weaves every class, checks each one emitted, and returns how many methods were woven. */
    private static int verifyAll(Supplier<Registration> registration) throws TransformException {
        Map<String, byte[]> classes = QuickScanExamplesTest.classes();
        List<String> problems = new ArrayList<>();
        int woven = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            ClassHierarchy hierarchy = ClassHierarchy.uncached(LOADER, SuspendableDeclarations.NONE);
            ClassTransformer.Result result = new ClassTransformer(hierarchy,
                    new AnnotationPolicy(new SuspendableOracle(hierarchy))).transform(e.getValue(), registration.get());
            for (MethodOutcome o : result.outcomes()) {
                if (o.kind() == MethodOutcome.Kind.WOVEN) {
                    woven++;
                }
            }
            if (result.bytes() != null) {
                String found = problems(result.bytes());
                if (!found.isEmpty()) {
                    problems.add(e.getKey() + ":\n" + found);
                }
            }
        }
        assertEquals(List.of(), problems);
        return woven;
    }

    /** What CheckClassAdapter reports, empty when nothing; an exception it throws counts as a report. */
    private static String problems(byte[] bytes) {
        StringWriter out = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(bytes), LOADER, false, new PrintWriter(out));
        } catch (RuntimeException e) {
            out.append(e.toString());
        }
        return out.toString();
    }
}
