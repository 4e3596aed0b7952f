package io.jcoro.weaver.analysis;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * One data-flow pass over a method: the typed frame before every instruction and the control-flow
 * edges (normal and exceptional) between instructions, which {@link Liveness} and
 * {@link MonitorDepth} reuse.
 */
public final class MethodFlow {
    public final MethodNode method;
    public final Frame<BasicValue>[] frames;
    /** successors[i]: indexes of the instructions control may pass to from instruction i. */
    public final List<int[]> normalSuccessors;
    public final List<int[]> exceptionSuccessors;

    private MethodFlow(MethodNode method, Frame<BasicValue>[] frames, List<List<Integer>> normal,
                       List<List<Integer>> exceptional) {
        this.method = method;
        this.frames = frames;
        this.normalSuccessors = toArrays(normal);
        this.exceptionSuccessors = toArrays(exceptional);
    }

    public static MethodFlow analyze(String owner, MethodNode method, ClassHierarchy hierarchy) throws AnalyzerException {
        int n = method.instructions.size();
        List<List<Integer>> normal = new ArrayList<>(n);
        List<List<Integer>> exceptional = new ArrayList<>(n);
        boolean[] caughtByAll = new boolean[n];
        for (int i = 0; i < n; i++) {
            normal.add(new ArrayList<>(2));
            exceptional.add(new ArrayList<>(1));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new TypeInterpreter(hierarchy)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new InitTrackingFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                InitTrackingFrame f = new InitTrackingFrame(frame.getLocals(), frame.getMaxStackSize());
                f.init(frame);
                return f;
            }

            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                normal.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tcb) {
                // Handlers come in exception-table order; once one catches everything, the JVM never
                // passes this instruction's exceptions to the later ones. Without this, the handler of a
                // try around a synchronized block would seem reachable with the monitor still held.
                if (!caughtByAll[insn]) {
                    exceptional.get(insn).add(method.instructions.indexOf(tcb.handler));
                    caughtByAll[insn] = tcb.type == null || "java/lang/Throwable".equals(tcb.type);
                }
                return true;
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        return new MethodFlow(method, frames, normal, exceptional);
    }

    private static List<int[]> toArrays(List<List<Integer>> lists) {
        List<int[]> out = new ArrayList<>(lists.size());
        for (List<Integer> l : lists) {
            out.add(Bytecode.toIntArray(l, true));
        }
        return out;
    }

    public Frame<BasicValue> frameAt(AbstractInsnNode insn) {
        return frames[method.instructions.indexOf(insn)];
    }

    /**
     * A frame that, after a constructor call, marks every copy of the object it initialized as
     * initialized (ASM's own frame leaves the other copies untouched).
     */
    public static final class InitTrackingFrame extends Frame<BasicValue> {
        InitTrackingFrame(int numLocals, int maxStack) {
            super(numLocals, maxStack);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !"<init>".equals(((MethodInsnNode) insn).name)) {
                super.execute(insn, interpreter);
                return;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            BasicValue receiver = getStack(getStackSize() - 1 - Type.getArgumentTypes(call.desc).length);
            super.execute(insn, interpreter);
            if (receiver instanceof UninitializedValue) {
                BasicValue initialized = interpreter.newValue(receiver.getType());
                for (int i = 0; i < getLocals(); i++) {
                    if (receiver.equals(getLocal(i))) {
                        setLocal(i, initialized);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (receiver.equals(getStack(i))) {
                        setStack(i, initialized);
                    }
                }
            }
        }
    }
}
