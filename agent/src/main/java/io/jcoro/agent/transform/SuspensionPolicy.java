package io.jcoro.agent.transform;

import java.util.Set;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Which methods of a class are suspendable and which calls may suspend. */
public interface SuspensionPolicy {
    /** Names+descriptors of the methods of {@code c} that may suspend. */
    Set<String> suspendableMethods(ClassNode c);

    /** Whether {@code call}, made in class {@code c}, may suspend. */
    boolean isSuspendingCall(ClassNode c, MethodInsnNode call);
}
