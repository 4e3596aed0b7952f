package io.jcoro.weaver.analysis;

import io.jcoro.weaver.bytecode.Bytecode;
import java.util.ArrayDeque;
import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals may still be read: a backward data-flow pass over {@link MethodFlow}'s edges. A frame
 * saves only the locals live at its suspension point, so a suspended loop does not keep what earlier
 * iterations left behind (ea-async #56). A two-slot value is tracked by its first slot.
 */
public final class Liveness {
    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    public static Liveness compute(MethodFlow flow) {
        AbstractInsnNode[] insns = flow.method.instructions.toArray();
        int n = insns.length;
        BitSet[] in = new BitSet[n];
        int[][] predecessors = predecessors(flow, n);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            if (flow.frames[i] != null) {
                work.push(i);
            }
        }
        boolean[] queued = new boolean[n];
        for (int i : work) {
            queued[i] = true;
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            queued[i] = false;
            BitSet out = new BitSet();
            for (int s : flow.normalSuccessors.get(i)) {
                out.or(in[s]);
            }
            for (int s : flow.exceptionSuccessors.get(i)) {
                out.or(in[s]);
            }
            BitSet newIn = transfer(insns[i], out);
            if (!newIn.equals(in[i])) {
                in[i] = newIn;
                for (int p : predecessors[i]) {
                    if (!queued[p]) {
                        queued[p] = true;
                        work.push(p);
                    }
                }
            }
        }
        return new Liveness(in);
    }

    private static BitSet transfer(AbstractInsnNode insn, BitSet out) {
        BitSet in = (BitSet) out.clone();
        int op = insn.getOpcode();
        if (insn instanceof VarInsnNode) {
            int var = ((VarInsnNode) insn).var;
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                in.clear(var);
            } else {
                in.set(var); // xLOAD and RET
            }
        } else if (insn instanceof IincInsnNode) {
            in.set(((IincInsnNode) insn).var);
        }
        return in;
    }

    private static int[][] predecessors(MethodFlow flow, int n) {
        java.util.List<java.util.List<Integer>> preds = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            preds.add(new java.util.ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            for (int s : flow.normalSuccessors.get(i)) {
                preds.get(s).add(i);
            }
            for (int s : flow.exceptionSuccessors.get(i)) {
                preds.get(s).add(i);
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Bytecode.toIntArray(preds.get(i), false);
        }
        return out;
    }

    /** Locals that may be read at or after instruction {@code index} (before it executes). */
    public BitSet liveBefore(int index) {
        return liveIn[index];
    }
}
