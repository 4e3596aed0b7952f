package io.jcoro.weaver.bytecode;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Small helpers for emitting and reading bytecode. */
public final class Bytecode {
    public static final String WOVEN_CALLS = "io/jcoro/internal/WovenCalls";
    public static final String COROUTINE = "io/jcoro/internal/Coroutine";
    /** The runtime's store whose {@code runBody} only forwards to its body, unwoven. */
    public static final String FORWARDING_COROUTINE = "io/jcoro/internal/ForwardingCoroutine";
    public static final String COROUTINE_DESC = "L" + COROUTINE + ";";

    private Bytecode() {}

    public static VarInsnNode load(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot);
    }

    public static VarInsnNode store(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ISTORE), slot);
    }

    /**
     * The fast-path test: {@code (WovenCalls.unwinding | WovenCalls.unwindingShared)}, then a jump when it is
     * not zero ({@code IFNE}) or when it is ({@code IFEQ}). Two reads of one cache line.
     */
    public static void jumpOnUnwinding(InsnList out, int jumpOpcode, LabelNode target) {
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, WOVEN_CALLS, "unwinding", "I"));
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, WOVEN_CALLS, "unwindingShared", "I"));
        out.add(new InsnNode(Opcodes.IOR));
        out.add(new JumpInsnNode(jumpOpcode, target));
    }

    /** Pushes the zero value of a type (nothing for void). */
    public static void pushDefault(InsnList out, Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                return;
            case Type.BOOLEAN: case Type.CHAR: case Type.BYTE: case Type.SHORT: case Type.INT:
                out.add(new InsnNode(Opcodes.ICONST_0));
                return;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.FCONST_0));
                return;
            case Type.LONG:
                out.add(new InsnNode(Opcodes.LCONST_0));
                return;
            case Type.DOUBLE:
                out.add(new InsnNode(Opcodes.DCONST_0));
                return;
            default:
                out.add(new InsnNode(Opcodes.ACONST_NULL));
        }
    }

    /** The source line of the nearest line-number entry before {@code insn}, or -1. */
    public static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return -1;
    }

    /** The first source line of a method, or -1. */
    public static int firstLine(MethodNode m) {
        for (AbstractInsnNode p = m.instructions.getFirst(); p != null; p = p.getNext()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return -1;
    }

    /** The next instruction that is an opcode (skipping labels, line numbers and frames). */
    public static AbstractInsnNode nextOpcode(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getNext();
        while (p != null && p.getOpcode() < 0) {
            p = p.getNext();
        }
        return p;
    }

    /** A stack-trace style location: {@code com.example.Foo.bar(Foo.java:12)}. */
    public static String site(String owner, String method, String sourceFile, int line) {
        String where = sourceFile == null ? "Unknown Source" : line < 0 ? sourceFile : sourceFile + ":" + line;
        return owner.replace('/', '.') + "." + method + "(" + where + ")";
    }

    public static String describeCall(String owner, String name) {
        return owner.replace('/', '.') + "." + name;
    }

    /**
     * The ints of {@code list} in order, each once when {@code distinct} (the first occurrence kept).
     * A loop, not a stream: it runs while the agent starts, and streams cost dozens of classes there.
     */
    public static int[] toIntArray(java.util.List<Integer> list, boolean distinct) {
        int[] out = new int[list.size()];
        int n = 0;
        next:
        for (Integer boxed : list) {
            int v = boxed;
            if (distinct) {
                for (int k = 0; k < n; k++) {
                    if (out[k] == v) {
                        continue next;
                    }
                }
            }
            out[n++] = v;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
