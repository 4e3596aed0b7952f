package io.jcoro.weaver.plan;

import io.jcoro.weaver.bytecode.Bytecode;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The methods of one class that get a second entry, which a restore calls with the frame store as an
 * extra last argument: the copy of the woven method that starts at its dispatch, with no entry test,
 * no carrier lookup and no check of the frame's method id (the emitter's {@code ResumeEntry}).
 *
 * <p>Only a call that can reach no other method may use it: a static or special ({@code invokespecial})
 * call, in the same class, to a static or private method that class declares (javac's
 * {@code invokevirtual} of a private method is turned into {@code invokespecial} before weaving). Then the frame saved just
 * before the caller's is the callee's, by the capture check (the runtime's callee check proves a call to a
 * method of its own class exactly, never leaving it unproven), so the callee's copy may pop its header
 * without looking. Dispatched calls, other classes (the agent may have loaded them before it ran, and a
 * loaded class gains no method) and interfaces keep the ordinary re-entry through the call.
 *
 * @param owner the class, internal name
 * @param methods the methods that get a second entry, {@code name + desc}
 */
public record ResumeEntries(String owner, Set<String> methods) {
    /** No second entries: every restore re-enters through the original call. */
    public static final ResumeEntries NONE = new ResumeEntries("", Set.of());

    public ResumeEntries {
        methods = Set.copyOf(methods);
    }

    /** Whether a restore may re-enter {@code call} through its callee's second entry. */
    public boolean reaches(MethodInsnNode call) {
        int op = call.getOpcode();
        return (op == Opcodes.INVOKESTATIC || op == Opcodes.INVOKESPECIAL) && !call.itf
                && call.owner.equals(owner) && methods.contains(call.name + call.desc);
    }

    /** Whether {@code nameAndDesc}, a method of {@link #owner}, gets a second entry. */
    public boolean has(String nameAndDesc) {
        return methods.contains(nameAndDesc);
    }

    /** The second entry's descriptor: the method's, with the frame store as an extra last parameter. */
    public static String descriptor(String desc) {
        int close = desc.indexOf(')');
        return desc.substring(0, close) + Bytecode.COROUTINE_DESC + desc.substring(close);
    }

    /** Whether {@code desc} is a second entry's (its last parameter is the frame store). */
    public static boolean isEntryDescriptor(String desc) {
        return desc.contains(Bytecode.COROUTINE_DESC + ")");
    }

    /** The method's own descriptor, from its second entry's. */
    public static String methodDescriptor(String entryDesc) {
        int close = entryDesc.indexOf(')');
        return entryDesc.substring(0, close - Bytecode.COROUTINE_DESC.length()) + entryDesc.substring(close);
    }
}
