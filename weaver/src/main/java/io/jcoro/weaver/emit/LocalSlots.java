package io.jcoro.weaver.emit;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * Hands out fresh local variable slots above a method's own, the one place the weaver's stages take
 * them from (as ASM's {@code LocalVariablesSorter.newLocal}): a slot is never shared between two uses.
 */
public final class LocalSlots {
    private final MethodNode method;

    public LocalSlots(MethodNode method) {
        this.method = method;
    }

    /** A slot for a value of {@code type} (two slots for a long or a double); the method's maxLocals grows. */
    public int newLocal(Type type) {
        int slot = method.maxLocals;
        method.maxLocals += type.getSize();
        return slot;
    }
}
