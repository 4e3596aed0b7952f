package io.jcoro.weaver.plan;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * A suspending call after {@code CallParking}: where its receiver and arguments were copied, and the
 * label just before the call, where a restore re-enters.
 *
 * @param call the call instruction
 * @param reentry the label right before {@code call}, after the parking code
 * @param receiverSlot the local holding a copy of the receiver; -1 for a static call
 * @param argumentSlots for an interface call, the locals holding its arguments, which are saved and passed
 *     again on restore (a lambda proxy between the call and the callee may need them: an unbound method
 *     reference's receiver is the first argument); null otherwise (the restore passes zero values)
 */
public record ParkedCall(MethodInsnNode call, LabelNode reentry, int receiverSlot, int[] argumentSlots) {
    public boolean isStatic() {
        return call.getOpcode() == Opcodes.INVOKESTATIC;
    }

    /** Whether the callee is chosen at run time from the receiver's class. */
    public boolean isDispatched() {
        return call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
    }
}
