package io.jcoro.weaver.emit;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.plan.ParkedCall;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Before each suspending instance call, parks the arguments in fresh locals and keeps a copy of the
 * receiver, so that the restore can call the same receiver again (virtual dispatch, lambda proxies):
 * {@code [args -> locals] DUP ASTORE receiver [locals -> args] REENTRY: call}. Static calls get only the
 * re-entry label. The JIT turns these moves into register assignments.
 */
public final class CallParking {
    /**
     * How far parking raises the operand stack above its height at the call: the receiver's copy, once its
     * arguments are parked (one above the original for a call without arguments).
     */
    public static final int STACK_ABOVE_CALL = 1;

    private CallParking() {}

    public static List<ParkedCall> park(MethodNode method, LocalSlots locals, List<MethodInsnNode> calls) {
        List<ParkedCall> parked = new ArrayList<>(calls.size());
        for (MethodInsnNode call : calls) {
            InsnList before = new InsnList();
            LabelNode reentry = new LabelNode();
            int receiverSlot = -1;
            int[] argumentSlots = null;
            if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                Type[] args = Type.getArgumentTypes(call.desc);
                int[] slots = new int[args.length];
                for (int i = args.length - 1; i >= 0; i--) {
                    slots[i] = locals.newLocal(args[i]);
                    before.add(Bytecode.store(args[i], slots[i]));
                }
                receiverSlot = locals.newLocal(Type.getObjectType(call.owner));
                before.add(new InsnNode(Opcodes.DUP));
                before.add(new VarInsnNode(Opcodes.ASTORE, receiverSlot));
                for (int i = 0; i < args.length; i++) {
                    before.add(Bytecode.load(args[i], slots[i]));
                }
                if (call.getOpcode() == Opcodes.INVOKEINTERFACE) {
                    argumentSlots = slots;
                }
            }
            before.add(reentry);
            method.instructions.insertBefore(call, before);
            parked.add(new ParkedCall(call, reentry, receiverSlot, argumentSlots));
        }
        return parked;
    }
}
