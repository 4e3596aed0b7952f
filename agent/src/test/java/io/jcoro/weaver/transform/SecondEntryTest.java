package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.AgentRegistration;
import io.jcoro.agent.tooling.TransformingLoader;
import io.jcoro.internal.AgentPresence;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Second entries ({@code ResumeEntries}, {@code ResumeEntry}): which methods get one, what it holds, and
 * that restores through them give the same results, handlers and stack traces as the ordinary re-entry
 * ({@code fixtures.entries.SecondEntries}, loaded through the agent's transformer).
 */
class SecondEntryTest {
    private static final String FIXTURE = "fixtures/entries/SecondEntries";
    private static final String STORE = "Lio/jcoro/internal/Coroutine;";

    @TempDir
    static Path root;

    @BeforeAll
    static void agentPresent() {
        AgentPresence.markInstalled(); // the loader transforms the fixture itself
    }

    @Test
    void staticAndPrivateCalleesOfTheSameClassGetAnEntryThatStartsAtTheDispatch() throws Exception {
        ClassNode woven = woven(new AgentRegistration(new URLClassLoader(new URL[0])));
        MethodNode entry = method(woven, "descend", "(I" + STORE + ")I");
        assertNotNull(entry, "descend's second entry");
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, entry.access);
        assertFalse(calls(entry, "io/jcoro/internal/WovenCalls", "enter"), "the entry looks up no carrier");
        AbstractInsnNode first = firstOpcode(entry);
        assertEquals(Opcodes.ALOAD, first.getOpcode(), "the entry starts with the store, not the entry test");
        assertFalse(first.getNext() instanceof FieldInsnNode);
        assertTrue(calls(method(woven, "descend", "(I)I"), FIXTURE, "descend", "(I" + STORE + ")I"),
                "the ordinary descend restores its recursive call through the entry");
        assertTrue(calls(entry, FIXTURE, "descend", "(I" + STORE + ")I"), "and so does the entry itself");
        assertNotNull(method(woven, "pause", "(I" + STORE + ")I"));
        assertNotNull(method(woven, "throwsAfterResume", "(Ljava/lang/String;IZ" + STORE + ")I"));
        // private, called with invokevirtual by javac, turned into invokespecial: an entry
        assertNotNull(method(woven, "caughtVirtually", "(I" + STORE + ")Ljava/lang/String;"));
        assertTrue(calls(method(woven, "viaPublic", "(I)Ljava/lang/String;"), FIXTURE, "caughtVirtually",
                "(I" + STORE + ")Ljava/lang/String;"));
        // public: a virtual call may reach an override, so no entry
        assertNull(method(woven, "viaPublic", "(I" + STORE + ")Ljava/lang/String;"));
        // refused (synchronized), but its caller was planned against it: an entry that fails if ever reached
        MethodNode unreachable = method(woven, "refused", "(" + STORE + ")I");
        assertNotNull(unreachable);
        assertTrue(calls(unreachable, "io/jcoro/internal/WovenCalls", "corruptFrame"));
    }

    @Test
    void aMethodWhoseParametersLeaveNoSlotForTheStoreGetsNoEntry() throws Exception {
        // 254 int parameters: a static method may take 255 slots, so the store still fits; 255 do not
        ClassNode woven = wovenGenerated(wideParameters(254, 255));
        assertNotNull(method(woven, "wide254", "(" + "I".repeat(254) + STORE + ")I"));
        assertNull(method(woven, "wide255", "(" + "I".repeat(255) + STORE + ")I"));
        assertNotNull(method(woven, "wide255", "(" + "I".repeat(255) + ")I"), "woven, restored the ordinary way");
    }

    /** A class with a suspending static method per count of int parameters, each called by {@code caller}. */
    private static byte[] wideParameters(int... counts) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/Wide", null, "java/lang/Object", null);
        MethodVisitor caller = w.visitMethod(Opcodes.ACC_STATIC, "caller", "()I", null, null);
        caller.visitAnnotation("Lio/jcoro/Suspendable;", true).visitEnd();
        caller.visitCode();
        caller.visitInsn(Opcodes.ICONST_0);
        for (int count : counts) {
            String desc = "(" + "I".repeat(count) + ")I";
            MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "wide" + count, desc, null, null);
            m.visitAnnotation("Lio/jcoro/Suspendable;", true).visitEnd();
            m.visitCode();
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jcoro/Continuation", "suspend", "()V", false);
            m.visitVarInsn(Opcodes.ILOAD, count - 1);
            m.visitInsn(Opcodes.IRETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
            for (int i = 0; i < count; i++) {
                caller.visitInsn(Opcodes.ICONST_1);
            }
            caller.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Wide", "wide" + count, desc, false);
            caller.visitInsn(Opcodes.IADD);
        }
        caller.visitInsn(Opcodes.IRETURN);
        caller.visitMaxs(0, 0);
        caller.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void aRetransformationAddsNoMethodToAClassLoadedBeforeTheAgent() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[0]);
        ClassNode original = new ClassNode();
        new ClassReader(bytes()).accept(original, 0);
        ClassNode retransformed = woven(new AgentRegistration(loader, true));
        assertEquals(methods(original), methods(retransformed));
    }

    @Test
    void aRetransformationAddsTheEntriesTheDefinitionAdded() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[0]);
        ClassNode defined = woven(new AgentRegistration(loader, false));
        ClassNode retransformed = woven(new AgentRegistration(loader, true));
        assertEquals(methods(defined), methods(retransformed));
        assertTrue(methods(defined).contains("descend(I" + STORE + ")I"));
    }

    @Test
    void recursionRestoresThroughEntriesAtEveryDepth() throws Exception {
        assertEquals("1,3,6,10 resumes 5", run("recursion"));
    }

    @Test
    void everyKindOfValueComesBack() throws Exception {
        double mixed = 2 + 5_000_000_000L * 3 + 3 + 0.25 + 4;
        assertEquals(String.valueOf(mixed + 2 + 5_000_000_000L + 3.5f + 0.25 + 4) + " resumes 4", run("everyKind"));
    }

    @Test
    void anExceptionAfterARestoreMeetsTheCallersHandlersAndFinally() throws Exception {
        assertEquals("caught e odd 1/e,e 20/e,caught e odd 3/e,e 40/e,finallies 4 resumes 5", run("exceptionAfterResume"));
    }

    @Test
    void aStackTraceAfterARestoreShowsTheMethodAndLine() throws Exception {
        String r = run("traceAfterResume");
        String[] tops = r.substring(0, r.indexOf(" resumes")).split(",");
        assertEquals(2, tops.length, r);
        assertTrue(tops[0].startsWith("throwsAfterResume:"), r);
        assertEquals(tops[0], tops[1], "the ordinary path and the restored one throw from the same method and line");
        assertTrue(r.endsWith(" resumes 2"), r);
    }

    @Test
    void aStackWalkAfterARestoreTakesSecondEntriesForTheirMethods() throws Exception {
        assertEquals("115 resumes 3", run("walkThroughEntries"));
    }

    @Test
    void aSuspensionThroughARefusedCalleeFailsWithItsReason() throws Exception {
        String r = run("throughRefused");
        assertTrue(r.startsWith("io.jcoro.SuspensionError: "), r);
        assertTrue(r.contains("synchronized"), r);
    }

    private static String run(String scenario) throws Exception {
        Class<?> c = new TransformingLoader(root, "fixtures.entries").loadClass(FIXTURE.replace('/', '.'));
        Method m = c.getMethod(scenario);
        return (String) m.invoke(null);
    }

    private static ClassNode woven(Registration registration) throws IOException, TransformException {
        return woven(bytes(), registration);
    }

    private static ClassNode wovenGenerated(byte[] bytes) throws TransformException {
        ClassNode c = woven(bytes, new AgentRegistration(new URLClassLoader(new URL[0])));
        String problems = WovenClassesVerifyTest.problems(write(c));
        assertEquals("", problems);
        return c;
    }

    private static byte[] write(ClassNode c) {
        ClassWriter w = new ClassWriter(0);
        c.accept(w);
        return w.toByteArray();
    }

    private static ClassNode woven(byte[] bytes, Registration registration) throws TransformException {
        ClassLoader loader = SecondEntryTest.class.getClassLoader();
        ClassHierarchy hierarchy = ClassHierarchy.uncached(loader, SuspendableDeclarations.NONE);
        ClassTransformer.Result result = new ClassTransformer(hierarchy, new AnnotationPolicy(new SuspendableOracle(hierarchy)))
                .transform(bytes, registration);
        ClassNode c = new ClassNode();
        new ClassReader(result.bytes()).accept(c, 0);
        return c;
    }

    private static byte[] bytes() throws IOException {
        try (InputStream in = SecondEntryTest.class.getClassLoader().getResourceAsStream(FIXTURE + ".class")) {
            return in.readAllBytes();
        }
    }

    private static MethodNode method(ClassNode c, String name, String desc) {
        return c.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(desc)).findFirst().orElse(null);
    }

    private static TreeSet<String> methods(ClassNode c) {
        TreeSet<String> keys = new TreeSet<>();
        c.methods.forEach(m -> keys.add(m.name + m.desc));
        return keys;
    }

    private static AbstractInsnNode firstOpcode(MethodNode m) {
        AbstractInsnNode insn = m.instructions.getFirst();
        while (insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    private static boolean calls(MethodNode m, String owner, String name) {
        return calls(m, owner, name, null);
    }

    private static boolean calls(MethodNode m, String owner, String name, String desc) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (call.owner.equals(owner) && call.name.equals(name) && (desc == null || call.desc.equals(desc))) {
                    return true;
                }
            }
        }
        return false;
    }
}
