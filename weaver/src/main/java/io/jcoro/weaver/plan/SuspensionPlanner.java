package io.jcoro.weaver.plan;

import io.jcoro.weaver.analysis.Liveness;
import io.jcoro.weaver.analysis.MethodFlow;
import io.jcoro.weaver.analysis.UninitializedValue;
import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.ClassInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Turns the analyses of a method whose suspending calls are parked ({@code CallParking}) into a
 * {@link SuspensionPlan}. Pure: it reads the method, its flow, liveness and the class hierarchy, and
 * changes nothing. A value that cannot be saved (an object whose constructor has not run, a slot with
 * no single type on every path when the code after the call uses it) is refused with the call's line.
 */
public final class SuspensionPlanner {
    private final String owner;
    private final String sourceFile;
    private final MethodNode method;
    private final ClassHierarchy hierarchy;
    private final ResumeEntries entries;

    /** A planner for a class whose methods get no second entry. */
    public SuspensionPlanner(String owner, String sourceFile, MethodNode method, ClassHierarchy hierarchy) {
        this(owner, sourceFile, method, hierarchy, ResumeEntries.NONE);
    }

    /** A planner that knows which methods of the class get a second entry. */
    public SuspensionPlanner(String owner, String sourceFile, MethodNode method, ClassHierarchy hierarchy,
            ResumeEntries entries) {
        this.owner = owner;
        this.sourceFile = sourceFile;
        this.method = method;
        this.hierarchy = hierarchy;
        this.entries = entries;
    }

    public SuspensionPlan plan(MethodFlow flow, Liveness liveness, List<ParkedCall> calls, int storeSlot)
            throws TransformException {
        boolean thisStaysInPlace = (method.access & Opcodes.ACC_STATIC) == 0 && !assignsSlot(0);
        List<SuspensionPoint> points = new ArrayList<>(calls.size());
        for (ParkedCall call : calls) {
            points.add(point(points.size(), call, flow, liveness, thisStaysInPlace));
        }
        boolean secondEntry = owner.equals(entries.owner()) && entries.has(method.name + method.desc);
        return new SuspensionPlan(owner + "." + method.name + method.desc, sourceFile, Bytecode.firstLine(method),
                storeSlot, points, secondEntry);
    }

    private SuspensionPoint point(int resumeIndex, ParkedCall parked, MethodFlow flow, Liveness liveness,
            boolean thisStaysInPlace) throws TransformException {
        MethodInsnNode call = parked.call();
        int index = method.instructions.indexOf(call);
        Frame<BasicValue> frame = flow.frames[index];
        int line = Bytecode.lineOf(call);
        return new SuspensionPoint(resumeIndex, parked, line, Bytecode.site(owner, method.name, sourceFile, line),
                call.owner + "." + call.name + call.desc, parked.isDispatched() ? null : resolvedCallee(call),
                stackBelow(parked, frame, line), liveLocals(parked, frame, liveness.liveBefore(index), thisStaysInPlace, line),
                !parked.isDispatched() && entries.reaches(call));
    }

    private List<SavedValue> stackBelow(ParkedCall parked, Frame<BasicValue> frame, int line) throws TransformException {
        MethodInsnNode call = parked.call();
        int consumed = Type.getArgumentTypes(call.desc).length + (parked.isStatic() ? 0 : 1);
        int below = frame.getStackSize() - consumed;
        List<SavedValue> values = new ArrayList<>(below);
        for (int i = 0; i < below; i++) {
            BasicValue v = frame.getStack(i);
            if (v.getType() == null || v instanceof UninitializedValue) {
                throw new TransformException("at the suspending call to " + Bytecode.describeCall(call.owner, call.name)
                        + " in " + where() + " line " + line + ", operand stack slot " + i + " holds " + v
                        + ", which cannot be saved");
            }
            values.add(SavedValue.of(v));
        }
        return values;
    }

    private List<SuspensionPoint.SavedLocal> liveLocals(ParkedCall parked, Frame<BasicValue> frame, BitSet liveBefore,
            boolean thisStaysInPlace, int line) throws TransformException {
        BitSet live = (BitSet) liveBefore.clone();
        if (parked.receiverSlot() >= 0) {
            live.set(parked.receiverSlot());
        }
        if (parked.argumentSlots() != null) {
            for (int slot : parked.argumentSlots()) {
                live.set(slot);
            }
        }
        if (thisStaysInPlace) {
            live.clear(0);
        }
        List<SuspensionPoint.SavedLocal> locals = new ArrayList<>();
        for (int slot = live.nextSetBit(0); slot >= 0 && slot < frame.getLocals(); slot = live.nextSetBit(slot + 1)) {
            BasicValue v = frame.getLocal(slot);
            if (v instanceof UninitializedValue) {
                throw new TransformException("at the suspending call in " + where() + " line " + line + ", local "
                        + slot + " holds an object whose constructor has not run yet");
            }
            if (v.getType() == null || v == BasicValue.RETURNADDRESS_VALUE) {
                continue; // unusable here on every path: the code after the call cannot read it either
            }
            locals.add(new SuspensionPoint.SavedLocal(slot, SavedValue.of(v)));
        }
        return locals;
    }

    /**
     * The method a static or special call runs: the first class from the call's owner up its
     * superclasses that declares it, read from class bytes (the owner itself when they cannot be found).
     */
    private String resolvedCallee(MethodInsnNode call) {
        String nameAndDesc = call.name + call.desc;
        for (String c = call.owner; c != null; ) {
            ClassInfo info = hierarchy.get(c);
            if (info == null) {
                break;
            }
            if (info.declares(nameAndDesc)) {
                return c + "." + nameAndDesc;
            }
            c = info.superName();
        }
        return call.owner + "." + nameAndDesc;
    }

    private boolean assignsSlot(int slot) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var == slot
                    && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var == slot) {
                return true;
            }
        }
        return false;
    }

    private String where() {
        return owner.replace('/', '.') + "." + method.name;
    }
}
