package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.AgentRegistration;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The {@code runBody} of a {@code ForwardingCoroutine} subclass (a scheduler's task, a plain
 * {@code Continuation}'s store) only forwards and saves no frame, by design: the weaver neither weaves
 * nor checks it. The same method in a class that is not such a store is an ordinary unannotated caller
 * of a suspendable method, and gets the check that fails a suspension through it.
 */
class ForwardingRunBodyTest {
    private static final String WOVEN_CALLS = "io/jcoro/internal/WovenCalls";

    @Test
    void aForwardingStoresRunBodyIsNeitherWovenNorChecked() throws Exception {
        MethodNode runBody = runBody(transformed("fixtures/forwarding/ForwardingStore"));
        assertFalse(callsAny(runBody, WOVEN_CALLS), "no entry test, capture or check in the forwarding runBody");
        assertTrue(callsAny(runBody, "io/jcoro/SuspendableRunnable"), "it still calls its body");
    }

    @Test
    void theSameMethodOutsideAStoreIsChecked() throws Exception {
        MethodNode runBody = runBody(transformed("fixtures/forwarding/NotAStore"));
        assertTrue(calls(runBody, WOVEN_CALLS, "cannotSuspendHere"), "a suspension through it fails, naming it");
    }

    private static ClassNode transformed(String internalName) throws Exception {
        ClassLoader loader = ForwardingRunBodyTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassHierarchy hierarchy = ClassHierarchy.uncached(loader, SuspendableDeclarations.NONE);
        ClassTransformer.Result result = new ClassTransformer(hierarchy, new AnnotationPolicy(new SuspendableOracle(hierarchy)))
                .transform(bytes, new AgentRegistration(new URLClassLoader(new URL[0])));
        ClassNode c = new ClassNode();
        new ClassReader(result.bytes() == null ? bytes : result.bytes()).accept(c, 0); // null: nothing changed
        return c;
    }

    private static MethodNode runBody(ClassNode c) {
        return c.methods.stream().filter(m -> m.name.equals("runBody") && m.desc.equals("()V")).findFirst().orElseThrow();
    }

    private static boolean callsAny(MethodNode m, String owner) {
        return calls(m, owner, null);
    }

    private static boolean calls(MethodNode m, String owner, String name) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (call.owner.equals(owner) && (name == null || call.name.equals(name))) {
                    return true;
                }
            }
        }
        return false;
    }
}
