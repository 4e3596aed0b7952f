package io.jcoro.weaver.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import io.jcoro.weaver.analysis.UninitializedValue;
import io.jcoro.weaver.bytecode.TransformException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * {@link NewRelocator} on its own, on javac's {@code new Foo(pass(...))} shapes built by hand: the
 * {@code NEW; DUP} moves after the arguments, which are parked in fresh locals (the last argument in
 * the first fresh slot), the original {@code NEW} stays as {@code NEW; POP} for a class outside the
 * JDK (its initialization order), and the relocated method holds no uninitialized object at the
 * suspending call. Shapes other than javac's are refused.
 */
class NewRelocatorTest {
    private static final String PASS = "(Ljava/lang/String;)Ljava/lang/String;";

    @Test
    void movesTheNewAfterTheArgumentsAndKeepsTheFirstNewForItsInitialization() throws Exception {
        MethodFixture f = plainShape("my/Foo");
        assertTrue(NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals(List.of(
                "NEW my/Foo",
                "POP",
                "LDC \"a\"",
                "INVOKESTATIC fixture/Owner.pass " + PASS,
                "ASTORE 0",
                "NEW my/Foo",
                "DUP",
                "ALOAD 0",
                "INVOKESPECIAL my/Foo.<init> (Ljava/lang/String;)V",
                "ARETURN"), MethodFixture.listing(f.method));
        assertEquals(1, f.method.maxLocals);
        assertNoUninitializedAt(f, "site");
    }

    @Test
    void aJdkClassLosesItsFirstNew() throws Exception {
        MethodFixture f = plainShape("java/lang/StringBuilder");
        assertTrue(NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals(List.of(
                "LDC \"a\"",
                "INVOKESTATIC fixture/Owner.pass " + PASS,
                "ASTORE 0",
                "NEW java/lang/StringBuilder",
                "DUP",
                "ALOAD 0",
                "INVOKESPECIAL java/lang/StringBuilder.<init> (Ljava/lang/String;)V",
                "ARETURN"), MethodFixture.listing(f.method));
        assertNoUninitializedAt(f, "site");
    }

    @Test
    void argumentsOfTwoSlotsGetTwoSlotsAndTheLastArgumentIsStoredFirst() throws Exception {
        // static Foo m(String s) { return new Foo(7L, pass(s)); }
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/String;)Lmy/Foo;")
                .type(NEW, "my/Foo")
                .insn(DUP)
                .ldc(7L)
                .var(ALOAD, 0)
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(JLjava/lang/String;)V")
                .insn(ARETURN)
                .maxs(5, 1);
        assertTrue(NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals(List.of(
                "NEW my/Foo",
                "POP",
                "LDC 7L",
                "ALOAD 0",
                "INVOKESTATIC fixture/Owner.pass " + PASS,
                "ASTORE 1",
                "LSTORE 2",
                "NEW my/Foo",
                "DUP",
                "LLOAD 2",
                "ALOAD 1",
                "INVOKESPECIAL my/Foo.<init> (JLjava/lang/String;)V",
                "ARETURN"), MethodFixture.listing(f.method));
        assertEquals(4, f.method.maxLocals);
        assertNoUninitializedAt(f, "site");
    }

    @Test
    void removesJavacsSwitchExpressionSpillOfTheNewObject() throws Exception {
        // new Foo(switch (...) { default -> { try { yield pass("a"); } ... } }): javac parks the stack,
        // NEW and its DUP, in locals 0 and 1 (top first) and reloads them where the arm yields
        MethodFixture f = MethodFixture.staticMethod("()Lmy/Foo;")
                .type(NEW, "my/Foo")
                .insn(DUP)
                .var(ASTORE, 0)
                .var(ASTORE, 1)
                .ldc("a")
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .var(ASTORE, 2)
                .var(ALOAD, 1)
                .var(ALOAD, 0)
                .var(ALOAD, 2)
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(Ljava/lang/String;)V")
                .insn(ARETURN)
                .maxs(3, 3);
        assertTrue(NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals(List.of(
                "NEW my/Foo",
                "POP",
                "LDC \"a\"",
                "INVOKESTATIC fixture/Owner.pass " + PASS,
                "ASTORE 2",
                "ALOAD 2",
                "ASTORE 3",
                "NEW my/Foo",
                "DUP",
                "ALOAD 3",
                "INVOKESPECIAL my/Foo.<init> (Ljava/lang/String;)V",
                "ARETURN"), MethodFixture.listing(f.method));
        assertNoUninitializedAt(f, "site");
    }

    @Test
    void refusesASpilledObjectStillReadAfterItsConstructor() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()Lmy/Foo;")
                .type(NEW, "my/Foo")
                .insn(DUP)
                .var(ASTORE, 0)
                .var(ASTORE, 1)
                .ldc("a")
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .var(ASTORE, 2)
                .var(ALOAD, 1)
                .var(ALOAD, 0)
                .var(ALOAD, 2)
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(Ljava/lang/String;)V")
                .insn(POP)
                .var(ALOAD, 0)
                .insn(ARETURN)
                .maxs(3, 3);
        TransformException e = assertThrows(TransformException.class,
                () -> NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals("in test line -1, `new my.Foo` moves through local variables in a way that is not javac's"
                + " switch-expression shape", e.getMessage());
    }

    @Test
    void refusesANewThatIsNotFollowedByDup() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()Lmy/Foo;")
                .type(NEW, "my/Foo")
                .var(ASTORE, 0)
                .var(ALOAD, 0)
                .ldc("a")
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(Ljava/lang/String;)V")
                .var(ALOAD, 0)
                .insn(ARETURN)
                .maxs(2, 1);
        int before = f.method.instructions.size();
        TransformException e = assertThrows(TransformException.class,
                () -> NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals("in test line -1, `new my.Foo` is live across a suspending call but is not the NEW; DUP shape"
                + " javac emits", e.getMessage());
        assertEquals(before, f.method.instructions.size(), "nothing changed");
    }

    @Test
    void leavesACallWithoutAnUninitializedObjectAlone() throws Exception {
        // static Foo m() { String s = pass("a"); return new Foo(s); }
        MethodFixture f = MethodFixture.staticMethod("()Lmy/Foo;")
                .ldc("a")
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .var(ASTORE, 0)
                .type(NEW, "my/Foo")
                .insn(DUP)
                .var(ALOAD, 0)
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(Ljava/lang/String;)V")
                .insn(ARETURN)
                .maxs(3, 1);
        List<String> before = MethodFixture.listing(f.method);
        assertFalse(NewRelocator.relocate(f.method, f.flow(), new LocalSlots(f.method), List.of(f.callAt("site")), "test"));
        assertEquals(before, MethodFixture.listing(f.method));
        assertEquals(1, f.method.maxLocals);
    }

    /** static Foo m() { return new Foo(pass("a")); } as javac compiles it. */
    private static MethodFixture plainShape(String type) {
        return MethodFixture.staticMethod("()L" + type + ";")
                .type(NEW, type)
                .insn(DUP)
                .ldc("a")
                .call(INVOKESTATIC, "fixture/Owner", "pass", PASS).mark("site")
                .call(INVOKESPECIAL, type, "<init>", "(Ljava/lang/String;)V")
                .insn(ARETURN)
                .maxs(3, 0);
    }

    /** The relocated method still analyzes, and nothing at the suspending call is uninitialized. */
    private static void assertNoUninitializedAt(MethodFixture f, String site) throws AnalyzerException {
        Frame<BasicValue> frame = f.flow().frameAt(f.insn(site));
        for (int i = 0; i < frame.getLocals(); i++) {
            assertFalse(frame.getLocal(i) instanceof UninitializedValue, "local " + i);
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            assertFalse(frame.getStack(i) instanceof UninitializedValue, "stack " + i);
        }
    }
}
