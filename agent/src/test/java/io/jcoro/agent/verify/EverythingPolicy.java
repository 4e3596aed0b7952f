package io.jcoro.agent.verify;

import io.jcoro.weaver.transform.SuspensionPolicy;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The harshest policy there is: every method with code is suspendable and every call is a suspension
 * point (the transformer itself never treats a constructor call as one). Transforming real code under
 * it exercises the weaver on every shape of bytecode the compilers of those jars produce.
 */
final class EverythingPolicy implements SuspensionPolicy {
    @Override
    public Set<String> suspendableMethods(ClassNode c) {
        Set<String> all = new HashSet<>();
        for (MethodNode m : c.methods) {
            if (m.instructions.size() > 0) {
                all.add(m.name + m.desc);
            }
        }
        return all;
    }

    @Override
    public boolean isSuspendingCall(ClassNode c, MethodInsnNode call) {
        return !"<init>".equals(call.name);
    }
}
