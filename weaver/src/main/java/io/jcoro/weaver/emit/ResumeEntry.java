package io.jcoro.weaver.emit;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.plan.ResumeEntries;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * A woven method's second entry ({@link ResumeEntries}): a private synthetic method named like the
 * method, whose descriptor adds the frame store as the last parameter, and whose code is the woven
 * method's from the point where its dispatch holds the store: it pops its resume point and jumps to the
 * restore block, with no entry test, no carrier lookup and no method-id check. Everything after is the
 * woven method itself (the same ids, sites and resume points), so a frame it saves is the method's frame,
 * and a stack trace or a stack walk shows the method's name and lines. Locals from the store's slot up
 * move one slot to make room for the parameter; code that only the ordinary entry reaches is left out.
 *
 * <p>{@link #unreachable} is the body of a second entry that a caller was planned against but the
 * method did not get (the weaver refused the method, or none of its calls is a suspension point): no
 * frame of the method is ever saved then, so no restore can call it; if one did, it fails loudly.
 */
public final class ResumeEntry {
    private ResumeEntry() {}

    /**
     * The second entry of {@code woven}.
     *
     * @param start the label after the woven method's entry test (where its original code starts)
     * @param storeReady the label in the dispatch right after the store is put in {@code storeSlot}
     */
    public static MethodNode of(String owner, MethodNode woven, LabelNode start, LabelNode storeReady, int storeSlot) {
        int parameterSlot = parameterSize(woven);
        MethodNode entry = new MethodNode(Opcodes.ASM9, access(woven), woven.name, ResumeEntries.descriptor(woven.desc),
                null, woven.exceptions == null ? null : woven.exceptions.toArray(new String[0]));
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn = woven.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode) {
                labels.put((LabelNode) insn, new LabelNode());
            }
        }
        entry.instructions.add(new VarInsnNode(Opcodes.ALOAD, parameterSlot));
        entry.instructions.add(new VarInsnNode(Opcodes.ASTORE, storeSlot + 1));
        entry.instructions.add(new JumpInsnNode(Opcodes.GOTO, labels.get(storeReady)));
        boolean inEntryTest = true; // the entry test, before `start`, is the ordinary entry's own
        for (AbstractInsnNode insn = woven.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            inEntryTest &= insn != start;
            if (!inEntryTest) {
                entry.instructions.add(shifted(insn.clone(labels), parameterSlot));
            }
        }
        for (TryCatchBlockNode range : woven.tryCatchBlocks) {
            entry.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(range.start), labels.get(range.end),
                    labels.get(range.handler), range.type));
        }
        if (woven.localVariables != null) {
            entry.localVariables = new java.util.ArrayList<>();
            for (LocalVariableNode v : woven.localVariables) {
                entry.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start),
                        labels.get(v.end), v.index >= parameterSlot ? v.index + 1 : v.index));
            }
        }
        entry.maxLocals = woven.maxLocals + 1;
        entry.maxStack = woven.maxStack;
        dropUnreachable(owner, entry);
        return entry;
    }

    /** The body of a second entry that no restore can reach (see the class comment). */
    public static MethodNode unreachable(MethodNode method, String methodKey) {
        MethodNode entry = new MethodNode(Opcodes.ASM9, access(method), method.name, ResumeEntries.descriptor(method.desc),
                null, null);
        InsnList code = entry.instructions;
        code.add(new LdcInsnNode(methodKey));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "corruptFrame",
                "(Ljava/lang/String;)Ljava/lang/IllegalStateException;", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        entry.maxStack = 1;
        entry.maxLocals = parameterSize(method) + 1;
        return entry;
    }

    /**
     * Whether the method's parameters leave room for the store: a descriptor may take at most 255 slots,
     * {@code this} included (JVMS 4.3.3), and the second entry takes one more than the method.
     */
    public static boolean fitsParameterLimit(MethodNode method) {
        return parameterSize(method) < 255;
    }

    private static int access(MethodNode method) {
        return (method.access & Opcodes.ACC_STATIC) | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
    }

    /** The slots of {@code this} and the parameters. */
    private static int parameterSize(MethodNode method) {
        return (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - ((method.access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
    }

    /** Moves a local at or above the new parameter's slot up by one. */
    private static AbstractInsnNode shifted(AbstractInsnNode insn, int parameterSlot) {
        if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var >= parameterSlot) {
            ((VarInsnNode) insn).var++;
        } else if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var >= parameterSlot) {
            ((IincInsnNode) insn).var++;
        }
        return insn;
    }

    /**
     * Removes the instructions the second entry never reaches (the original code before its first call,
     * the dispatch's lookup), and the exception ranges left empty, so the copy is no larger than it must
     * be (its size counts when the JIT decides what to inline).
     */
    private static void dropUnreachable(String owner, MethodNode entry) {
        int maxStack = entry.maxStack;
        entry.maxStack = Math.max(maxStack, 0) + 16; // a bound for the analysis; the class writer computes the size
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(new BasicInterpreter()).analyze(owner, entry);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("the second entry of " + owner + "." + entry.name + " does not analyse: " + e, e);
        }
        AbstractInsnNode[] insns = entry.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            if (frames[i] == null && insns[i].getOpcode() >= 0) {
                entry.instructions.remove(insns[i]);
            }
        }
        InsnList code = entry.instructions;
        entry.tryCatchBlocks.removeIf(range -> codeAt(code, range.start) == codeAt(code, range.end));
        if (entry.localVariables != null) {
            // two scopes of one name and slot that differed only in code left out would now be one entry
            // twice, which the JVM refuses ("Duplicated LocalVariableTable attribute entry")
            Set<List<Object>> seen = new HashSet<>();
            entry.localVariables.removeIf(v -> codeAt(code, v.start) == codeAt(code, v.end)
                    || !seen.add(List.of(v.name, v.index, codeAt(code, v.start), codeAt(code, v.end))));
        }
        entry.maxStack = maxStack;
    }

    /** The position of the first instruction at or after {@code label}, the code's size at its end. */
    private static int codeAt(InsnList code, AbstractInsnNode label) {
        AbstractInsnNode insn = label;
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn == null ? code.size() : code.indexOf(insn);
    }
}
