package io.jcoro.weaver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * {@link TypeInterpreter} on its own and through {@link MethodFlow}'s frames. What it adds over ASM's
 * {@code BasicInterpreter}: exact reference types (not one {@code REFERENCE_VALUE}), the element type
 * of an {@code AALOAD}, a {@code null} type that merges into any reference, merges at the verifier's
 * common superclass read from class bytes, and {@link UninitializedValue}s that are equal only when
 * they come from the same {@code NEW}.
 */
class TypeInterpreterTest {
    private final TypeInterpreter interpreter = new TypeInterpreter(MethodFixture.HIERARCHY);

    @Test
    void referencesKeepTheirExactType() {
        assertEquals(new BasicValue(Type.getObjectType("java/lang/String")),
                interpreter.newValue(Type.getObjectType("java/lang/String")));
        assertEquals(new BasicValue(Type.getType("[[I")), interpreter.newValue(Type.getType("[[I")));
        assertSame(BasicValue.INT_VALUE, interpreter.newValue(Type.BOOLEAN_TYPE), "primitives as in BasicInterpreter");
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.newValue(null));
    }

    @Test
    void mergesReferencesAtTheirCommonSuperclass() {
        assertEquals(ref("java/lang/Number"), interpreter.merge(ref("java/lang/Integer"), ref("java/lang/Long")));
        assertEquals(ref("java/util/AbstractList"),
                interpreter.merge(ref("java/util/ArrayList"), ref("java/util/LinkedList")));
        assertEquals(ref("java/lang/Object"), interpreter.merge(ref("java/lang/String"), ref("java/lang/Integer")),
                "interfaces they share do not count, as for the verifier");
        assertEquals(new BasicValue(Type.getType("[Ljava/lang/Number;")),
                interpreter.merge(new BasicValue(Type.getType("[Ljava/lang/Integer;")),
                        new BasicValue(Type.getType("[Ljava/lang/Long;"))));
        assertEquals(ref("java/lang/Object"),
                interpreter.merge(new BasicValue(Type.getType("[I")), new BasicValue(Type.getType("[J"))));
    }

    @Test
    void nullMergesIntoTheOtherReference() {
        BasicValue nul = new BasicValue(TypeInterpreter.NULL);
        assertTrue(TypeInterpreter.isNull(nul));
        assertEquals(ref("java/lang/String"), interpreter.merge(nul, ref("java/lang/String")));
        assertEquals(ref("java/lang/String"), interpreter.merge(ref("java/lang/String"), nul));
        assertEquals(nul, interpreter.merge(nul, nul));
    }

    @Test
    void differentKindsMergeToUnusable() {
        assertSame(BasicValue.INT_VALUE, interpreter.merge(BasicValue.INT_VALUE, BasicValue.INT_VALUE));
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(BasicValue.INT_VALUE, BasicValue.FLOAT_VALUE));
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(BasicValue.INT_VALUE, ref("java/lang/String")));
    }

    @Test
    void uninitializedObjectsAreTheSameOnlyForTheSameNew() throws AnalyzerException {
        TypeInsnNode first = new TypeInsnNode(NEW, "java/lang/StringBuilder");
        TypeInsnNode second = new TypeInsnNode(NEW, "java/lang/StringBuilder");
        BasicValue a = interpreter.newOperation(first);
        BasicValue b = interpreter.newOperation(second);
        assertInstanceOf(UninitializedValue.class, a);
        assertSame(first, ((UninitializedValue) a).newInsn);
        assertEquals(Type.getObjectType("java/lang/StringBuilder"), a.getType());
        assertFalse(TypeInterpreter.isNull(a));
        assertNotEquals(a, b);
        assertSame(a, interpreter.merge(a, new UninitializedValue(a.getType(), first)));
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(a, b), "two NEWs");
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(a, ref("java/lang/StringBuilder")),
                "constructed on one path only");
    }

    /** As the JVM's verifier: an object before and after its constructor merge to nothing usable, in either order. */
    @Test
    void anInitializedAndAnUninitializedObjectMergeToUnusableInEitherOrder() throws AnalyzerException {
        BasicValue a = interpreter.newOperation(new TypeInsnNode(NEW, "java/lang/StringBuilder"));
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(ref("java/lang/StringBuilder"), a));
        assertSame(BasicValue.UNINITIALIZED_VALUE, interpreter.merge(a, ref("java/lang/StringBuilder")));
    }

    @Test
    void anArrayLoadHasTheElementType() throws AnalyzerException {
        InsnNode aaload = new InsnNode(AALOAD);
        assertEquals(ref("java/lang/String"),
                interpreter.binaryOperation(aaload, new BasicValue(Type.getType("[Ljava/lang/String;")), BasicValue.INT_VALUE));
        assertEquals(new BasicValue(Type.getType("[I")),
                interpreter.binaryOperation(aaload, new BasicValue(Type.getType("[[I")), BasicValue.INT_VALUE));
        BasicValue nul = new BasicValue(TypeInterpreter.NULL);
        assertSame(nul, interpreter.binaryOperation(aaload, nul, BasicValue.INT_VALUE), "null[i] stays null");
    }

    @Test
    void framesMergeBranchesAndMarkEveryCopyOfAConstructedObject() throws AnalyzerException {
        // static Object m(boolean c) { Number n = c ? Integer.valueOf(1) : Long.valueOf(2); String s = null;
        //                               StringBuilder b = new StringBuilder() (a copy parked in local 3 first); ...}
        MethodFixture f = MethodFixture.staticMethod("(Z)Ljava/lang/Object;")
                .var(ILOAD, 0)
                .jump(IFEQ, "else")
                .insn(ICONST_1)
                .call(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;")
                .jump(GOTO, "join")
                .at("else")
                .insn(LCONST_1)
                .call(INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;")
                .at("join")
                .var(ASTORE, 1).mark("join")
                .insn(ACONST_NULL)
                .var(ASTORE, 2)
                .type(NEW, "java/lang/StringBuilder").mark("new")
                .insn(DUP)
                .var(ASTORE, 3)
                .call(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V").mark("init")
                .var(ALOAD, 3).mark("after")
                .insn(ARETURN)
                .maxs(2, 4);
        MethodFlow flow = f.flow();
        assertEquals(ref("java/lang/Number"), flow.frames[f.index("join")].getStack(0));
        Frame<BasicValue> beforeInit = flow.frames[f.index("init")];
        assertEquals(new UninitializedValue(Type.getObjectType("java/lang/StringBuilder"), f.insn("new")),
                beforeInit.getLocal(3));
        assertTrue(TypeInterpreter.isNull(beforeInit.getLocal(2)));
        Frame<BasicValue> after = flow.frames[f.index("after")];
        assertEquals(ref("java/lang/Number"), after.getLocal(1));
        assertEquals(ref("java/lang/StringBuilder"), after.getLocal(3), "ASM's frame would leave it uninitialized");
        assertFalse(after.getLocal(3) instanceof UninitializedValue);
        assertEquals(0, after.getStackSize());
    }

    private static BasicValue ref(String internalName) {
        return new BasicValue(Type.getObjectType(internalName));
    }
}
