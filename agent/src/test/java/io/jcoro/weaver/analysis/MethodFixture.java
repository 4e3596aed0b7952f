package io.jcoro.weaver.analysis;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Builds a small method as an ASM tree for the tests of one weaver stage: the instructions are written
 * with {@link MethodNode}'s visitor calls, and {@link #mark} names the last one written so that a test
 * can ask a stage about it by name instead of by index.
 */
public final class MethodFixture {
    public static final String OWNER = "fixture/Owner";
    public static final ClassHierarchy HIERARCHY =
            ClassHierarchy.uncached(MethodFixture.class.getClassLoader(), SuspendableDeclarations.NONE);

    public final MethodNode method;
    private final Map<String, AbstractInsnNode> marks = new HashMap<>();
    private final Map<String, Label> labels = new HashMap<>();

    private MethodFixture(int access, String desc) {
        method = new MethodNode(Opcodes.ASM9, access, "m", desc, null, null);
    }

    public static MethodFixture staticMethod(String desc) {
        return new MethodFixture(Opcodes.ACC_STATIC, desc);
    }

    public static MethodFixture instanceMethod(String desc) {
        return new MethodFixture(0, desc);
    }

    public MethodFixture insn(int opcode) {
        method.visitInsn(opcode);
        return this;
    }

    public MethodFixture var(int opcode, int slot) {
        method.visitVarInsn(opcode, slot);
        return this;
    }

    public MethodFixture iinc(int slot, int by) {
        method.visitIincInsn(slot, by);
        return this;
    }

    public MethodFixture type(int opcode, String internalName) {
        method.visitTypeInsn(opcode, internalName);
        return this;
    }

    public MethodFixture ldc(Object constant) {
        method.visitLdcInsn(constant);
        return this;
    }

    public MethodFixture call(int opcode, String owner, String name, String desc) {
        method.visitMethodInsn(opcode, owner, name, desc, opcode == Opcodes.INVOKEINTERFACE);
        return this;
    }

    public MethodFixture jump(int opcode, String label) {
        method.visitJumpInsn(opcode, label(label));
        return this;
    }

    /** Starts source line {@code line} here. */
    public MethodFixture line(int line) {
        Label start = new Label();
        method.visitLabel(start);
        method.visitLineNumber(line, start);
        return this;
    }

    /** Places the label {@code name} here. */
    public MethodFixture at(String name) {
        method.visitLabel(label(name));
        return this;
    }

    public MethodFixture tryCatch(String start, String end, String handler, String type) {
        method.visitTryCatchBlock(label(start), label(end), label(handler), type);
        return this;
    }

    /** Names the instruction written last. */
    public MethodFixture mark(String name) {
        if (marks.put(name, method.instructions.getLast()) != null) {
            throw new IllegalArgumentException("marked twice: " + name);
        }
        return this;
    }

    public MethodFixture maxs(int maxStack, int maxLocals) {
        method.visitMaxs(maxStack, maxLocals);
        return this;
    }

    public AbstractInsnNode insn(String mark) {
        AbstractInsnNode insn = marks.get(mark);
        if (insn == null) {
            throw new IllegalArgumentException("no mark " + mark);
        }
        return insn;
    }

    public int index(String mark) {
        return method.instructions.indexOf(insn(mark));
    }

    public MethodInsnNode callAt(String mark) {
        return (MethodInsnNode) insn(mark);
    }

    public MethodFlow flow() throws AnalyzerException {
        return MethodFlow.analyze(OWNER, method, HIERARCHY);
    }

    private Label label(String name) {
        return labels.computeIfAbsent(name, n -> new Label());
    }

    /** The instructions, one per line, as ASM's Textifier prints them (labels as L0, L1, ...). */
    public static List<String> listing(MethodNode m) {
        org.objectweb.asm.util.Textifier text = new org.objectweb.asm.util.Textifier();
        m.accept(new org.objectweb.asm.util.TraceMethodVisitor(text));
        List<String> lines = new ArrayList<>();
        for (Object o : text.getText()) {
            String line = o.toString().strip();
            if (!line.isEmpty() && !line.startsWith("MAX")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
