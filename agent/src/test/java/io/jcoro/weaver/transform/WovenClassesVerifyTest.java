package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every class the weaver emits for a handful of fixture classes, woven for the agent and for the build,
 * passes ASM's {@link CheckClassAdapter#verify} (structure, then every method through a
 * {@code SimpleVerifier} that resolves types with the test class loader, so the hierarchy of the woven
 * code is checked too). The fixtures cover the stages the unit tests take one by one: a {@code new}
 * with a suspending argument, a loop, a {@code try}, two-slot locals, a {@code synchronized} method
 * that only calls, lambdas, overrides and callers, and second entries.
 */
class WovenClassesVerifyTest {
    private static final ClassLoader LOADER = WovenClassesVerifyTest.class.getClassLoader();

    private static final List<Class<?>> FIXTURES = fixtures(
            Shapes.class,
            fixtures.Caller.class,
            fixtures.Overrider.class,
            fixtures.LambdaMaker.class,
            fixtures.frames.FrameShapes.class,
            fixtures.lib.UserStages.class,
            fixtures.chains.Chains.class,
            fixtures.entries.SecondEntries.class);

    /** Code for the stages: each method suspends in a different place. */
    static final class Shapes {
        final String name;

        Shapes(String name) {
            this.name = name;
        }

        @Suspendable
        static String pass(String s) {
            Continuation.suspend();
            return s;
        }

        @Suspendable
        static Shapes construct(String s) {
            return new Shapes(pass(s) + new StringBuilder(pass(s)));
        }

        @Suspendable
        static long loop(long n, double d) {
            long sum = 0;
            Object junk = "unused";
            for (int i = 0; i < n; i++) {
                sum += pass("x").length() + (long) d;
            }
            return sum;
        }

        @Suspendable
        static String caught(String s) {
            try {
                return pass(s);
            } catch (IllegalStateException e) {
                return "caught " + e.getMessage();
            }
        }

        synchronized void locked() {
            name.hashCode();
        }

        @Suspendable
        static Supplier<String> lambda(String s) {
            return () -> s + pass(s);
        }
    }

    @Test
    void everyWovenClassVerifiesForTheAgent() throws Exception {
        int woven = verifyAll(() -> new io.jcoro.agent.AgentRegistration(LOADER));
        assertTrue(woven >= 10, "woven methods: " + woven);
    }

    @Test
    void everyWovenClassVerifiesForTheBuild() throws Exception {
        int woven = verifyAll(Registration::forBuild);
        assertTrue(woven >= 10, "woven methods: " + woven);
    }

    @Test
    void theCheckReportsABrokenClass() throws Exception {
        // the check itself can fail: a woven method that returns nothing where it must return a Shapes
        byte[] bytes = weave(bytes(Shapes.class), Registration.forBuild()).bytes();
        String problems = problems(returnEarly(bytes, "construct"));
        assertTrue(problems.contains("Incompatible return type"), problems);
    }

    private static int verifyAll(Supplier<Registration> registration) throws Exception {
        int woven = 0;
        int emitted = 0;
        for (Class<?> c : FIXTURES) {
            ClassTransformer.Result result = weave(bytes(c), registration.get());
            for (MethodOutcome o : result.outcomes()) {
                if (o.kind() == MethodOutcome.Kind.WOVEN) {
                    woven++;
                }
                assertFalse(o.kind() == MethodOutcome.Kind.REFUSED, o.toString());
            }
            if (result.bytes() != null) { // null: the weaver left the class as it was
                assertEquals("", problems(result.bytes()), c.getName());
                emitted++;
            }
        }
        assertTrue(emitted >= 6, "classes emitted: " + emitted);
        return woven;
    }

    private static ClassTransformer.Result weave(byte[] bytes, Registration registration) throws TransformException {
        ClassHierarchy hierarchy = ClassHierarchy.uncached(LOADER, SuspendableDeclarations.NONE);
        return new ClassTransformer(hierarchy, new AnnotationPolicy(new SuspendableOracle(hierarchy)))
                .transform(bytes, registration);
    }

    /** What CheckClassAdapter reports, empty when nothing; an exception it throws counts as a report. */
    static String problems(byte[] bytes) {
        StringWriter out = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(bytes), LOADER, false, new PrintWriter(out));
        } catch (RuntimeException e) {
            out.append(e.toString());
        }
        return out.toString();
    }

    /** Puts a RETURN (of the wrong kind) first in method {@code name}. */
    private static byte[] returnEarly(byte[] bytes, String name) {
        org.objectweb.asm.tree.ClassNode c = new org.objectweb.asm.tree.ClassNode();
        new ClassReader(bytes).accept(c, 0);
        for (org.objectweb.asm.tree.MethodNode m : c.methods) {
            if (m.name.equals(name)) {
                m.instructions.insert(new org.objectweb.asm.tree.InsnNode(org.objectweb.asm.Opcodes.RETURN));
            }
        }
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(0);
        c.accept(w);
        return w.toByteArray();
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        return QuickScanTest.bytes(c);
    }

    /** The classes and their nested classes. */
    private static List<Class<?>> fixtures(Class<?>... classes) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c : classes) {
            all.add(c);
            all.addAll(Arrays.asList(c.getDeclaredClasses()));
        }
        return all;
    }
}
