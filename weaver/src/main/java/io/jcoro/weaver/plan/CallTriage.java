package io.jcoro.weaver.plan;

import io.jcoro.weaver.analysis.MethodFlow;
import io.jcoro.weaver.analysis.MonitorDepth;
import io.jcoro.weaver.bytecode.Refusals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Sorts a suspendable method's suspending calls into those whose frame is saved when they suspend and
 * those where suspending must fail, with the reason: a monitor is held there ({@code synchronized} method
 * or block), and suspending would carry it to another thread. Unreachable calls are in neither (the class
 * writer replaces them).
 *
 * @param captured in code order
 * @param checked in code order, each with the reason its check gives
 */
public record CallTriage(List<MethodInsnNode> captured, Map<MethodInsnNode, String> checked) {

    public static CallTriage sort(MethodNode method, MethodFlow flow, List<MethodInsnNode> suspendingCalls) {
        boolean synchronizedMethod = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        int[] monitors = MonitorDepth.compute(flow);
        List<MethodInsnNode> captured = new ArrayList<>();
        Map<MethodInsnNode, String> checked = new LinkedHashMap<>();
        for (MethodInsnNode call : suspendingCalls) {
            int i = method.instructions.indexOf(call);
            if (flow.frames[i] == null) {
                continue;
            }
            if (synchronizedMethod) {
                checked.put(call, Refusals.SYNCHRONIZED_METHOD);
            } else if (monitors[i] > 0) {
                checked.put(call, Refusals.MONITOR_HELD);
            } else {
                captured.add(call);
            }
        }
        return new CallTriage(captured, checked);
    }
}
