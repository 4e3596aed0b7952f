package io.jcoro.weaver.analysis;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * A reference created by {@code NEW} whose constructor has not run yet. Two values are the same
 * object exactly when they come from the same {@code NEW} instruction, as for the JVM verifier.
 */
public final class UninitializedValue extends BasicValue {
    public final AbstractInsnNode newInsn;

    public UninitializedValue(Type type, AbstractInsnNode newInsn) {
        super(type);
        this.newInsn = newInsn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UninitializedValue && ((UninitializedValue) o).newInsn == newInsn;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(newInsn);
    }

    @Override
    public String toString() {
        return "uninitialized " + getType().getInternalName();
    }
}
