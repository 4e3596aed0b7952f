package io.jcoro.weaver.emit;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.plan.ParkedCall;
import io.jcoro.weaver.plan.ResumeEntries;
import io.jcoro.weaver.plan.SavedValue;
import io.jcoro.weaver.plan.SuspensionPlan;
import io.jcoro.weaver.plan.SuspensionPoint;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Writes a {@link SuspensionPlan} into its method: the entry test and the dispatch, a capture check
 * after each suspending call, and a restore and a save block per point after the original code (the
 * shape is drawn on {@code MethodWeaver}). It decides nothing: every value, slot and id comes from the
 * plan or from the registration's {@link SiteIds}.
 */
public final class SuspensionEmitter {
    private final MethodNode method;
    private final SuspensionPlan plan;
    private final SiteIds ids;
    /** Per resume index: where the capture check jumps to save, and where the dispatch jumps to restore. */
    private final LabelNode[] saveLabels;
    private final LabelNode[] restoreLabels;
    /** Per resume index: the label right after the call, where a restore through a second entry goes on. */
    private final LabelNode[] afterCallLabels;
    /** Per resume index: the exception ranges that cover the call (a restore through a second entry gets copies). */
    private final List<List<TryCatchBlockNode>> callRanges;
    /** The exception ranges of the calls to second entries in the restore blocks, added last. */
    private final List<TryCatchBlockNode> entryCallRanges = new ArrayList<>();
    /** The method's second entry, once written; null when the plan asks for none. */
    private MethodNode secondEntry;

    private SuspensionEmitter(MethodNode method, SuspensionPlan plan, SiteIds ids) {
        this.method = method;
        this.plan = plan;
        this.ids = ids;
        int n = plan.points().size();
        saveLabels = new LabelNode[n];
        restoreLabels = new LabelNode[n];
        afterCallLabels = new LabelNode[n];
        callRanges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            saveLabels[i] = new LabelNode();
            restoreLabels[i] = new LabelNode();
            afterCallLabels[i] = new LabelNode();
            callRanges.add(List.of());
        }
    }

    /**
     * Writes the plan into {@code method}.
     *
     * @return the method's second entry when the plan asks for one ({@link SuspensionPlan#secondEntry}),
     *     to be added to the class beside it; else null
     */
    public static MethodNode emit(MethodNode method, SuspensionPlan plan, SiteIds ids) {
        SuspensionEmitter emitter = new SuspensionEmitter(method, plan, ids);
        emitter.emit();
        return emitter.secondEntry;
    }

    private void emit() {
        for (SuspensionPoint point : plan.points()) {
            if (point.throughEntry()) { // read before any instruction moves
                callRanges.set(point.resumeIndex(), rangesCovering(point.parked().call()));
            }
        }
        LabelNode start = new LabelNode();
        LabelNode dispatch = new LabelNode();
        InsnList head = new InsnList();
        // The normal path is the branch's target and the dispatch is reached by a goto, not the other way
        // round: JDK 17's C1 takes a branch's target first when it looks for loops, so this way it finds
        // the method's own loops with their own headers, and a restore that jumps into a loop's body is
        // a side entry whose stores get phis. With the dispatch first, the resume point became the loop's
        // header and C1 gave up on every method that suspends in a loop ("block join failed"), which then
        // ran interpreted until C2 compiled it.
        Bytecode.jumpOnUnwinding(head, Opcodes.IFEQ, start);
        head.add(new JumpInsnNode(Opcodes.GOTO, dispatch));
        head.add(start);
        method.instructions.insert(head);

        List<SuspensionPoint> points = plan.points();
        for (SuspensionPoint point : points) {
            method.instructions.insert(point.parked().call(), capture(point));
        }
        InsnList tail = new InsnList();
        LabelNode storeReady = new LabelNode(); // the store in its local: where a second entry starts
        dispatch(tail, start, dispatch, storeReady);
        for (SuspensionPoint point : points) {
            restore(tail, point);
        }
        for (SuspensionPoint point : points) {
            save(tail, point);
        }
        method.instructions.add(tail);
        method.tryCatchBlocks.addAll(entryCallRanges);
        if (plan.secondEntry()) {
            String key = plan.methodKey();
            String owner = key.substring(0, key.lastIndexOf('.', key.indexOf('(')));
            secondEntry = ResumeEntry.of(owner, method, start, storeReady, plan.storeSlot());
        }
    }

    /** The exception ranges that cover {@code call}, in the order of the method's table. */
    private List<TryCatchBlockNode> rangesCovering(MethodInsnNode call) {
        int at = method.instructions.indexOf(call);
        List<TryCatchBlockNode> covering = new ArrayList<>();
        for (TryCatchBlockNode range : method.tryCatchBlocks) {
            if (method.instructions.indexOf(range.start) < at && at < method.instructions.indexOf(range.end)) {
                covering.add(range);
            }
        }
        return covering;
    }

    /**
     * Right after the call, inside its exception ranges: the fast-path test, then the capture check,
     * which gives the store to save into, null (another thread is unwinding), or throws.
     */
    private InsnList capture(SuspensionPoint point) {
        ParkedCall parked = point.parked();
        InsnList siteId = ids.siteId(plan.methodKey(), point.resumeIndex(), point.site(), point.callee(),
                parked.isDispatched(), point.resolvedCallee());
        LabelNode cont = new LabelNode();
        InsnList out = new InsnList();
        out.add(afterCallLabels[point.resumeIndex()]);
        Bytecode.jumpOnUnwinding(out, Opcodes.IFEQ, cont);
        if (parked.isDispatched()) {
            out.add(new VarInsnNode(Opcodes.ALOAD, parked.receiverSlot()));
            out.add(siteId);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "captureDispatched",
                    "(Ljava/lang/Object;I)" + Bytecode.COROUTINE_DESC, false));
        } else {
            out.add(siteId);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "capture",
                    "(I)" + Bytecode.COROUTINE_DESC, false));
        }
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, saveLabels[point.resumeIndex()]));
        out.add(new InsnNode(Opcodes.POP));
        out.add(cont);
        return out;
    }

    /** At the method's entry when unwinding: the store to restore from, then a switch on its resume point. */
    private void dispatch(InsnList out, LabelNode start, LabelNode dispatch, LabelNode storeReady) {
        LabelNode haveStore = new LabelNode();
        LabelNode corrupt = new LabelNode();
        out.add(dispatch);
        if (plan.firstLine() >= 0) {
            out.add(new LineNumberNode(plan.firstLine(), dispatch));
        }
        out.add(ids.methodId(plan.methodKey()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "enter", "(I)" + Bytecode.COROUTINE_DESC, false));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, haveStore));
        out.add(new InsnNode(Opcodes.POP));
        out.add(new JumpInsnNode(Opcodes.GOTO, start));
        out.add(haveStore);
        out.add(new VarInsnNode(Opcodes.ASTORE, plan.storeSlot()));
        out.add(storeReady);
        out.add(new VarInsnNode(Opcodes.ALOAD, plan.storeSlot()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.COROUTINE, "popResumePoint",
                "(" + Bytecode.COROUTINE_DESC + ")I", false));
        out.add(new TableSwitchInsnNode(0, restoreLabels.length - 1, corrupt, restoreLabels.clone()));
        out.add(corrupt);
        out.add(new LdcInsnNode(plan.methodKey()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.WOVEN_CALLS, "corruptFrame",
                "(Ljava/lang/String;)Ljava/lang/IllegalStateException;", false));
        out.add(new InsnNode(Opcodes.ATHROW));
    }

    /**
     * Pops the live locals (last saved first) and the stack below the call, pushes the kept receiver and
     * the arguments (parked ones for an interface call, zeros otherwise), and re-enters the call.
     */
    private void restore(InsnList out, SuspensionPoint point) {
        LabelNode label = restoreLabels[point.resumeIndex()];
        out.add(label);
        if (point.line() >= 0) {
            out.add(new LineNumberNode(point.line(), label));
        }
        List<SuspensionPoint.SavedLocal> locals = point.liveLocals();
        for (int i = locals.size() - 1; i >= 0; i--) {
            SavedValue v = locals.get(i).value();
            popValue(out, v);
            out.add(Bytecode.store(v.localType(), locals.get(i).slot()));
        }
        for (SavedValue v : point.stackBelow()) {
            popValue(out, v);
        }
        ParkedCall parked = point.parked();
        if (parked.receiverSlot() >= 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, parked.receiverSlot()));
        }
        Type[] args = Type.getArgumentTypes(parked.call().desc);
        for (int i = 0; i < args.length; i++) {
            if (parked.argumentSlots() != null) {
                out.add(Bytecode.load(args[i], parked.argumentSlots()[i]));
            } else {
                Bytecode.pushDefault(out, args[i]);
            }
        }
        if (point.throughEntry()) {
            reenterThroughSecondEntry(out, point);
        } else {
            out.add(new JumpInsnNode(Opcodes.GOTO, parked.reentry()));
        }
    }

    /**
     * Calls the callee's second entry with the store as its last argument, inside copies of the
     * exception ranges that cover the original call (so an exception it throws meets the same handlers,
     * in the same order), then goes on after the original call, where its result is checked as usual.
     */
    private void reenterThroughSecondEntry(InsnList out, SuspensionPoint point) {
        MethodInsnNode call = point.parked().call();
        LabelNode from = new LabelNode();
        LabelNode to = new LabelNode();
        out.add(new VarInsnNode(Opcodes.ALOAD, plan.storeSlot()));
        out.add(from);
        out.add(new MethodInsnNode(call.getOpcode(), call.owner, call.name, ResumeEntries.descriptor(call.desc), false));
        out.add(to);
        for (TryCatchBlockNode range : callRanges.get(point.resumeIndex())) {
            entryCallRanges.add(new TryCatchBlockNode(from, to, range.handler, range.type));
        }
        out.add(new JumpInsnNode(Opcodes.GOTO, afterCallLabels[point.resumeIndex()]));
    }

    /**
     * After the original code: drops the callee's dummy result, saves the stack below the call (top
     * first), then the live locals, then the frame header into the store the capture gave, and returns
     * a zero value.
     */
    private void save(InsnList out, SuspensionPoint point) {
        LabelNode label = saveLabels[point.resumeIndex()];
        out.add(label);
        if (point.line() >= 0) {
            out.add(new LineNumberNode(point.line(), label));
        }
        out.add(new VarInsnNode(Opcodes.ASTORE, plan.storeSlot()));
        Type result = Type.getReturnType(point.parked().call().desc);
        if (result.getSize() == 1) {
            out.add(new InsnNode(Opcodes.POP));
        } else if (result.getSize() == 2) {
            out.add(new InsnNode(Opcodes.POP2));
        }
        List<SavedValue> stack = point.stackBelow();
        for (int i = stack.size() - 1; i >= 0; i--) {
            SavedValue v = stack.get(i);
            if (v.kind().isStored()) {
                pushValue(out, v);
            } else {
                out.add(new InsnNode(Opcodes.POP));
            }
        }
        for (SuspensionPoint.SavedLocal local : point.liveLocals()) {
            if (local.value().kind().isStored()) {
                out.add(Bytecode.load(local.value().localType(), local.slot()));
                pushValue(out, local.value());
            }
        }
        out.add(new LdcInsnNode(point.resumeIndex()));
        out.add(ids.methodId(plan.methodKey()));
        out.add(new VarInsnNode(Opcodes.ALOAD, plan.storeSlot()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.COROUTINE, "pushFrame",
                "(II" + Bytecode.COROUTINE_DESC + ")V", false));
        Type own = Type.getReturnType(method.desc);
        Bytecode.pushDefault(out, own);
        out.add(new InsnNode(own.getOpcode(Opcodes.IRETURN)));
    }

    /** Moves the stored value on top of the operand stack into the store. */
    private void pushValue(InsnList out, SavedValue v) {
        out.add(new VarInsnNode(Opcodes.ALOAD, plan.storeSlot()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.COROUTINE, v.kind().pushMethod(),
                "(" + v.kind().storeDescriptor() + Bytecode.COROUTINE_DESC + ")V", false));
    }

    /** Pushes the next saved value onto the operand stack, cast back to its type (a known null: the constant). */
    private void popValue(InsnList out, SavedValue v) {
        if (!v.kind().isStored()) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, plan.storeSlot()));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.COROUTINE, v.kind().popMethod(),
                "(" + Bytecode.COROUTINE_DESC + ")" + v.kind().storeDescriptor(), false));
        if (v.needsCast()) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, v.type().getInternalName()));
        }
    }
}
