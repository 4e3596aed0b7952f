package io.jcoro.weaver.transform;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The policy users get: {@code @Suspendable} methods, their overrides, and the bodies of lambdas and
 * method references (to methods of the same class) whose functional interface method is suspendable.
 */
public final class AnnotationPolicy implements SuspensionPolicy {
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private final SuspendableOracle oracle;

    public AnnotationPolicy(SuspendableOracle oracle) {
        this.oracle = oracle;
    }

    @Override
    public Set<String> suspendableMethods(ClassNode c) {
        Set<String> result = new HashSet<>();
        for (MethodNode m : c.methods) {
            if (oracle.isSuspendable(c.name, m.name, m.desc)) {
                result.add(m.name + m.desc);
            }
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode) {
                    String body = suspendableLambdaBody(c, (InvokeDynamicInsnNode) insn);
                    if (body != null) {
                        result.add(body);
                    }
                }
            }
        }
        return result;
    }

    /** For a lambda or method reference to a method of {@code c} with a suspendable interface method. */
    private String suspendableLambdaBody(ClassNode c, InvokeDynamicInsnNode indy) {
        if (!LAMBDA_METAFACTORY.equals(indy.bsm.getOwner()) || indy.bsmArgs.length < 3
                || !(indy.bsmArgs[0] instanceof Type) || !(indy.bsmArgs[1] instanceof Handle)) {
            return null;
        }
        String functionalInterface = Type.getReturnType(indy.desc).getInternalName();
        Type samType = (Type) indy.bsmArgs[0];
        Handle impl = (Handle) indy.bsmArgs[1];
        if (!impl.getOwner().equals(c.name) || impl.getTag() == Opcodes.H_NEWINVOKESPECIAL
                || !oracle.isSuspendable(functionalInterface, indy.name, samType.getDescriptor())) {
            return null;
        }
        return impl.getName() + impl.getDesc();
    }

    @Override
    public Set<String> calledByCodeNotWoven(ClassNode c) {
        Set<String> result = new HashSet<>();
        for (MethodNode m : c.methods) {
            if ((m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && !m.name.startsWith("<")
                    && oracle.implementsSuspendablePlatformMethod(c.name, m.name + m.desc)) {
                result.add(c.name + "." + m.name + m.desc);
            }
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode) {
                    String impl = implOfPlatformLambda((InvokeDynamicInsnNode) insn);
                    if (impl != null) {
                        result.add(impl);
                    }
                }
            }
        }
        return result;
    }

    /** For a lambda or method reference of a suspendable platform functional interface: the key of the method it calls. */
    private String implOfPlatformLambda(InvokeDynamicInsnNode indy) {
        if (!LAMBDA_METAFACTORY.equals(indy.bsm.getOwner()) || indy.bsmArgs.length < 3
                || !(indy.bsmArgs[0] instanceof Type) || !(indy.bsmArgs[1] instanceof Handle)) {
            return null;
        }
        String functionalInterface = Type.getReturnType(indy.desc).getInternalName();
        Handle impl = (Handle) indy.bsmArgs[1];
        if (!ClassHierarchy.isPlatform(functionalInterface) || impl.getTag() == Opcodes.H_NEWINVOKESPECIAL
                || !oracle.isSuspendable(functionalInterface, indy.name, ((Type) indy.bsmArgs[0]).getDescriptor())) {
            return null;
        }
        return impl.getOwner() + "." + impl.getName() + impl.getDesc();
    }

    @Override
    public boolean isSuspendingCall(ClassNode c, MethodInsnNode call) {
        return oracle.isSuspendable(call.owner, call.name, call.desc);
    }
}
