package io.jcoro.weaver.analysis;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Infers the static type of every local and stack slot, as precisely as the JVM verifier does, so
 * that restored references can be cast back to the type the code after the call expects. Like ASM's
 * {@code SimpleVerifier} but without its checks (the input already passed javac and the verifier) and
 * with merges computed from class bytes through {@link ClassHierarchy}, never by loading classes.
 * Objects between {@code NEW} and their constructor call are {@link UninitializedValue}s.
 */
public final class TypeInterpreter extends BasicInterpreter {
    public static final Type NULL = Type.getObjectType("null");
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");

    private final ClassHierarchy hierarchy;

    public TypeInterpreter(ClassHierarchy hierarchy) {
        super(Opcodes.ASM9);
        this.hierarchy = hierarchy;
    }

    public static boolean isReference(BasicValue v) {
        Type t = v.getType();
        return t != null && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY);
    }

    public static boolean isNull(BasicValue v) {
        return NULL.equals(v.getType()) && !(v instanceof UninitializedValue);
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type == null) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
            return new BasicValue(type);
        }
        return super.newValue(type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            return new UninitializedValue(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue value1, BasicValue value2)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type arrayType = value1.getType();
            if (arrayType != null && arrayType.getSort() == Type.ARRAY) {
                return newValue(Type.getType(arrayType.getDescriptor().substring(1)));
            }
            return isNull(value1) ? value1 : newValue(OBJECT);
        }
        return super.binaryOperation(insn, value1, value2);
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a instanceof UninitializedValue || b instanceof UninitializedValue) {
            // both from the same NEW, or unusable: asked as a.equals(b) alone, an initialized object of the
            // same class would equal an uninitialized one (BasicValue compares only types) when it comes first
            return a instanceof UninitializedValue && a.equals(b) ? a : BasicValue.UNINITIALIZED_VALUE;
        }
        if (a.equals(b)) {
            return a;
        }
        if (isReference(a) && isReference(b)) {
            if (isNull(a)) {
                return b;
            }
            if (isNull(b)) {
                return a;
            }
            return newValue(hierarchy.commonSuperType(a.getType(), b.getType()));
        }
        return BasicValue.UNINITIALIZED_VALUE;
    }
}
