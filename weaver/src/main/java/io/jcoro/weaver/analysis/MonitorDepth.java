package io.jcoro.weaver.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;

/**
 * How many monitors ({@code synchronized} blocks) may be held before each instruction: a forward pass
 * over {@link MethodFlow}'s edges taking the maximum where paths meet, so it over-approximates. An
 * exception edge carries the depth before the throwing instruction (a {@code MONITOREXIT} that throws
 * has not released its monitor).
 */
public final class MonitorDepth {
    private static final int CAP = 255;

    public static int[] compute(MethodFlow flow) {
        AbstractInsnNode[] insns = flow.method.instructions.toArray();
        int[] depth = new int[insns.length];
        Arrays.fill(depth, -1);
        if (insns.length == 0) {
            return depth;
        }
        depth[0] = 0;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int before = depth[i];
            int after = before;
            int op = insns[i].getOpcode();
            if (op == Opcodes.MONITORENTER) {
                after = Math.min(CAP, before + 1);
            } else if (op == Opcodes.MONITOREXIT) {
                after = Math.max(0, before - 1);
            }
            for (int s : flow.normalSuccessors.get(i)) {
                if (after > depth[s]) {
                    depth[s] = after;
                    work.add(s);
                }
            }
            for (int s : flow.exceptionSuccessors.get(i)) {
                if (before > depth[s]) {
                    depth[s] = before;
                    work.add(s);
                }
            }
        }
        return depth;
    }

    private MonitorDepth() {}
}
