package io.jcoro.weaver.emit;

import io.jcoro.weaver.bytecode.Bytecode;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Guards a suspendable call whose caller cannot save its frame (a constructor, a static initializer, a
 * method that is not suspendable, code holding a monitor, a method the agent could not transform):
 * right after the call, {@code if ((WovenCalls.unwinding | WovenCalls.unwindingShared) != 0) WovenCalls.cannotSuspendHere(site, reason)}.
 * The check sits inside the caller's exception ranges, so a {@code synchronized} block's handler still
 * releases its monitor when the error is thrown.
 */
public final class CheckWeaver {
    /** How far a check raises the operand stack above the call's result (two strings for the error). */
    public static final int STACK_ABOVE_RESULT = 2;

    private CheckWeaver() {}

    public static void addCheck(MethodNode method, MethodInsnNode call, String site, String reason) {
        LabelNode skip = new LabelNode();
        InsnList check = new InsnList();
        Bytecode.jumpOnUnwinding(check, Opcodes.IFEQ, skip);
        check.add(new LdcInsnNode(site));
        check.add(new LdcInsnNode(reason));
        check.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "cannotSuspendHere",
                "(Ljava/lang/String;Ljava/lang/String;)V", false));
        check.add(skip);
        method.instructions.insert(call, check);
    }
}
