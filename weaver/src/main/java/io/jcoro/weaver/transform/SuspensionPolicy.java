package io.jcoro.weaver.transform;

import java.util.Set;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Which methods of a class are suspendable and which calls may suspend. */
public interface SuspensionPolicy {
    /** Names+descriptors of the methods of {@code c} that may suspend. */
    Set<String> suspendableMethods(ClassNode c);

    /** Whether {@code call}, made in class {@code c}, may suspend. */
    boolean isSuspendingCall(ClassNode c, MethodInsnNode call);

    /**
     * Suspendable methods that code jcoro does not weave (the JDK) may call, as
     * {@code owner/Name.method(desc)} keys: methods of {@code c} that implement a suspendable method of
     * a platform type, and the methods that {@code c}'s lambdas and method references of a platform
     * functional interface call. A suspension through such a method checks its caller every time.
     */
    default Set<String> calledByCodeNotWoven(ClassNode c) {
        return Set.of();
    }
}
