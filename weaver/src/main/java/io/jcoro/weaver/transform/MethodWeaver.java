package io.jcoro.weaver.transform;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.ClassInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Rewrites one suspendable method so it can save its frame at each suspending call and restore it.
 *
 * <pre>
 * entry:     if ((Frames.unwinding | Frames.unwindingShared) != 0) goto DISPATCH   // fast-path cost at entry
 * START:     ...original code...
 *            [receiver and arguments parked in fresh locals, receiver kept]   (instance calls)
 * CALL_k:    invoke callee
 *            if ((Frames.unwinding | Frames.unwindingShared) == 0) goto CONT_k     // fast-path cost per call
 *            store = Frames.capture(site_k)                           // static or special call
 *                 or Frames.captureDispatched(receiver, site_k)       // virtual or interface call
 *            if (store != null) goto SAVE_k                           // null: another thread's unwinding
 * CONT_k:    ...original code...
 *
 * DISPATCH:  store = Frames.enter(key); if (store == null) goto START
 *            switch (popResumePoint(store)) { case k: goto RESTORE_k }
 * RESTORE_k: pop live locals and the operand stack below the call; push the kept receiver and
 *            zero arguments; goto CALL_k                         // re-enter the callee, which restores itself
 * SAVE_k:    pop the callee's dummy result; push the stack below the call, then the live locals,
 *            then the frame header; return a zero value
 * </pre>
 *
 * The capture call sits right after the call, inside the call's exception ranges: when it finds that
 * the suspension cannot be carried (the frame saved last is not the callee's), its error propagates
 * through the method's handlers and finally blocks like an exception of the call. The restore and save
 * blocks sit after the original code, outside every exception range, and carry the line number of
 * their call so stack traces and debuggers show the user's lines. Re-entry goes through the original
 * call instruction, so an exception the callee throws after resuming meets the same handlers as
 * before. Frames are recomputed by the class writer afterwards.
 */
final class MethodWeaver {
    private final String owner;
    private final String sourceFile;
    private final MethodNode method;
    private final ClassHierarchy hierarchy;
    private final String methodKey;
    /** How the woven code names its method and sites to the runtime. */
    private final Registration registration;
    private final String where;
    private ResumeLayout resumePoints;

    MethodWeaver(String owner, String sourceFile, MethodNode method, ClassHierarchy hierarchy, Registration registration) {
        this.registration = registration;
        this.owner = owner;
        this.sourceFile = sourceFile;
        this.method = method;
        this.hierarchy = hierarchy;
        this.methodKey = owner + "." + method.name + method.desc;
        this.where = owner.replace('/', '.') + "." + method.name;
    }

    /** A call that may suspend, with what it takes to save and restore the caller's frame there. */
    private static final class Site {
        final MethodInsnNode call;
        final int index;
        final int line;
        final LabelNode callLabel = new LabelNode();
        final LabelNode contLabel = new LabelNode();
        final LabelNode saveLabel = new LabelNode();
        final LabelNode restoreLabel = new LabelNode();
        int receiverSlot = -1;
        /** Where an interface call's arguments are parked; they are saved and passed again on restore. */
        int[] interfaceArgSlots;
        List<BasicValue> stackBelow;
        int[] liveSlots;
        BasicValue[] liveTypes;
        /** What pushes the id the runtime knows this call by (SuspensionSites). */
        InsnList siteId;

        Site(MethodInsnNode call, int index) {
            this.call = call;
            this.index = index;
            this.line = Bytecode.lineOf(call);
        }
    }

    /**
     * Weaves the method. {@code captured} are the calls whose frame is saved when they suspend;
     * {@code checked} the suspendable calls where suspending must fail (monitor held), with reasons.
     *
     * @return the number of suspension points woven
     */
    int weave(List<MethodInsnNode> suspendingCalls) throws TransformException, AnalyzerException {
        MethodFlow flow = MethodFlow.analyze(owner, method, hierarchy);
        boolean synchronizedMethod = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        int[] monitors = MonitorDepth.compute(flow);
        List<MethodInsnNode> captured = new ArrayList<>();
        Map<MethodInsnNode, String> checked = new LinkedHashMap<>();
        for (MethodInsnNode call : suspendingCalls) {
            int i = method.instructions.indexOf(call);
            if (flow.frames[i] == null) {
                continue; // unreachable: the class writer replaces it
            }
            if (synchronizedMethod) {
                checked.put(call, "the method is synchronized and suspending would carry "
                        + "its monitor to another thread; suspend outside the synchronized method");
            } else if (monitors[i] > 0) {
                checked.put(call, "a monitor is held (synchronized block) and suspending "
                        + "would carry it to another thread; suspend outside the synchronized block");
            } else {
                captured.add(call);
            }
        }
        // flow's frames are indexed by the unmodified code: the relocator reads them before anything is inserted.
        if (!captured.isEmpty()) {
            NewRelocator.relocate(method, flow, captured, where);
        }
        for (Map.Entry<MethodInsnNode, String> check : checked.entrySet()) {
            CheckWeaver.addCheck(method, check.getKey(), site(check.getKey()), check.getValue());
        }
        if (captured.isEmpty()) {
            return 0;
        }
        if (!checked.isEmpty()) {
            method.maxStack += 2; // a check pushes two strings above the call's result; the method is analyzed below
        }
        List<Site> sites = new ArrayList<>();
        for (MethodInsnNode call : captured) {
            sites.add(new Site(call, sites.size()));
        }
        keepReceivers(sites);
        flow = MethodFlow.analyze(owner, method, hierarchy);
        Liveness liveness = Liveness.compute(flow);
        boolean thisNeverReassigned = (method.access & Opcodes.ACC_STATIC) == 0 && !storesInto(0);
        for (Site site : sites) {
            plan(site, flow, liveness, thisNeverReassigned);
        }
        emit(sites);
        resumePoints = layout(sites);
        return sites.size();
    }

    /** Lines and saved value counts by resume point, after a successful {@link #weave}; else null. */
    ResumeLayout resumePoints() {
        return resumePoints;
    }

    /** What each save block saves besides the header, counted as {@link #emitSave} pushes it. */
    private ResumeLayout layout(List<Site> sites) {
        int[] lines = new int[sites.size()];
        int[] prims = new int[sites.size()];
        int[] refs = new int[sites.size()];
        for (Site site : sites) {
            lines[site.index] = site.line;
            List<BasicValue> saved = new ArrayList<>(site.stackBelow);
            saved.addAll(List.of(site.liveTypes));
            for (BasicValue v : saved) {
                if (TypeInterpreter.isNull(v)) {
                    continue; // a known null is not saved
                }
                if (kind(v).equals("Ref")) {
                    refs[site.index]++;
                } else {
                    prims[site.index]++;
                }
            }
        }
        return new ResumeLayout(sourceFile, lines, prims, refs);
    }

    private String site(AbstractInsnNode insn) {
        return Bytecode.site(owner, method.name, sourceFile, Bytecode.lineOf(insn));
    }

    private boolean storesInto(int slot) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var == slot
                    && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (insn instanceof org.objectweb.asm.tree.IincInsnNode && ((org.objectweb.asm.tree.IincInsnNode) insn).var == slot) {
                return true;
            }
        }
        return false;
    }

    /**
     * Before each instance call, parks the arguments in fresh locals and keeps a copy of the receiver,
     * so the restore path can call the same receiver again (virtual dispatch, lambda proxies). The JIT
     * turns these moves into register assignments.
     */
    private void keepReceivers(List<Site> sites) {
        method.maxStack++; // the receiver's copy: one above the original maximum at a call without arguments
        for (Site site : sites) {
            MethodInsnNode call = site.call;
            InsnList before = new InsnList();
            if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                Type[] args = Type.getArgumentTypes(call.desc);
                int[] slots = new int[args.length];
                for (int i = args.length - 1; i >= 0; i--) {
                    slots[i] = method.maxLocals;
                    method.maxLocals += args[i].getSize();
                    before.add(Bytecode.store(args[i], slots[i]));
                }
                if (call.getOpcode() == Opcodes.INVOKEINTERFACE) {
                    site.interfaceArgSlots = slots;
                }
                site.receiverSlot = method.maxLocals++;
                before.add(new InsnNode(Opcodes.DUP));
                before.add(new VarInsnNode(Opcodes.ASTORE, site.receiverSlot));
                for (int i = 0; i < args.length; i++) {
                    before.add(Bytecode.load(args[i], slots[i]));
                }
            }
            before.add(site.callLabel);
            method.instructions.insertBefore(call, before);
        }
    }

    private void plan(Site site, MethodFlow flow, Liveness liveness, boolean skipThis) throws TransformException {
        int index = method.instructions.indexOf(site.call);
        Frame<BasicValue> f = flow.frames[index];
        int consumed = Type.getArgumentTypes(site.call.desc).length + (site.call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        int below = f.getStackSize() - consumed;
        site.stackBelow = new ArrayList<>(below);
        for (int i = 0; i < below; i++) {
            BasicValue v = f.getStack(i);
            if (v.getType() == null || v instanceof UninitializedValue) {
                throw new TransformException("at the suspending call to " + Bytecode.describeCall(site.call.owner, site.call.name)
                        + " in " + where + " line " + site.line + ", operand stack slot " + i + " holds " + v
                        + ", which cannot be saved");
            }
            site.stackBelow.add(v);
        }
        BitSet live = (BitSet) liveness.liveBefore(index).clone();
        if (site.receiverSlot >= 0) {
            live.set(site.receiverSlot);
        }
        if (site.interfaceArgSlots != null) {
            // a lambda proxy between the call and the callee may need them: an unbound method reference's
            // receiver is the first argument
            for (int slot : site.interfaceArgSlots) {
                live.set(slot);
            }
        }
        if (skipThis) {
            live.clear(0);
        }
        List<Integer> slots = new ArrayList<>();
        List<BasicValue> types = new ArrayList<>();
        for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1)) {
            if (slot >= f.getLocals()) {
                break;
            }
            BasicValue v = f.getLocal(slot);
            if (v instanceof UninitializedValue) {
                throw new TransformException("at the suspending call in " + where + " line " + site.line + ", local "
                        + slot + " holds an object whose constructor has not run yet");
            }
            if (v.getType() == null || v == BasicValue.RETURNADDRESS_VALUE) {
                continue; // unusable here on every path: the code after the call cannot read it either
            }
            slots.add(slot);
            types.add(v);
        }
        site.liveSlots = Bytecode.toIntArray(slots, false);
        site.liveTypes = types.toArray(new BasicValue[0]);
    }

    private void emit(List<Site> sites) {
        int storeSlot = method.maxLocals++;
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

        for (Site site : sites) {
            method.instructions.insert(site.call, capture(site));
        }

        InsnList tail = new InsnList();
        emitDispatch(tail, sites, start, dispatch, storeSlot);
        for (Site site : sites) {
            emitRestore(tail, site, storeSlot);
        }
        for (Site site : sites) {
            emitSave(tail, site, storeSlot);
        }
        method.instructions.add(tail);
    }

    private void emitDispatch(InsnList out, List<Site> sites, LabelNode start, LabelNode dispatch, int storeSlot) {
        LabelNode haveStore = new LabelNode();
        LabelNode corrupt = new LabelNode();
        out.add(dispatch);
        int line = Bytecode.firstLine(method);
        if (line >= 0) {
            out.add(new LineNumberNode(line, dispatch));
        }
        out.add(registration.methodId(methodKey));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.FRAMES, "enter", "(I)" + Bytecode.STORE_DESC, false));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, haveStore));
        out.add(new InsnNode(Opcodes.POP));
        out.add(new JumpInsnNode(Opcodes.GOTO, start));
        out.add(haveStore);
        out.add(new VarInsnNode(Opcodes.ASTORE, storeSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, storeSlot));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.STORE, "popResumePoint",
                "(" + Bytecode.STORE_DESC + ")I", false));
        LabelNode[] targets = new LabelNode[sites.size()];
        for (Site site : sites) {
            targets[site.index] = site.restoreLabel;
        }
        out.add(new TableSwitchInsnNode(0, sites.size() - 1, corrupt, targets));
        out.add(corrupt);
        out.add(new LdcInsnNode(methodKey));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.FRAMES, "corruptFrame",
                "(Ljava/lang/String;)Ljava/lang/IllegalStateException;", false));
        out.add(new InsnNode(Opcodes.ATHROW));
    }

    private void emitRestore(InsnList out, Site site, int storeSlot) {
        out.add(site.restoreLabel);
        if (site.line >= 0) {
            out.add(new LineNumberNode(site.line, site.restoreLabel));
        }
        for (int i = site.liveSlots.length - 1; i >= 0; i--) {
            BasicValue v = site.liveTypes[i];
            popValue(out, v, storeSlot);
            out.add(Bytecode.store(storageType(v), site.liveSlots[i]));
        }
        for (BasicValue v : site.stackBelow) {
            popValue(out, v, storeSlot);
        }
        if (site.receiverSlot >= 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, site.receiverSlot));
        }
        Type[] args = Type.getArgumentTypes(site.call.desc);
        for (int i = 0; i < args.length; i++) {
            if (site.interfaceArgSlots != null) {
                out.add(Bytecode.load(args[i], site.interfaceArgSlots[i]));
            } else {
                Bytecode.pushDefault(out, args[i]);
            }
        }
        out.add(new JumpInsnNode(Opcodes.GOTO, site.callLabel));
    }

    /**
     * Right after the call, inside its exception ranges: the fast-path test, then the capture check,
     * which gives the store to save into, null (another thread is unwinding), or throws.
     */
    private InsnList capture(Site site) {
        MethodInsnNode call = site.call;
        boolean dispatched = call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
        site.siteId = registration.siteId(methodKey, site.index,
                Bytecode.site(owner, method.name, sourceFile, site.line), call.owner + "." + call.name + call.desc,
                dispatched, dispatched ? null : resolvedCallee(call));
        InsnList out = new InsnList();
        Bytecode.jumpOnUnwinding(out, Opcodes.IFEQ, site.contLabel);
        if (dispatched) {
            out.add(new VarInsnNode(Opcodes.ALOAD, site.receiverSlot));
            out.add(site.siteId);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.FRAMES, "captureDispatched",
                    "(Ljava/lang/Object;I)" + Bytecode.STORE_DESC, false));
        } else {
            out.add(site.siteId);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.FRAMES, "capture",
                    "(I)" + Bytecode.STORE_DESC, false));
        }
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, site.saveLabel));
        out.add(new InsnNode(Opcodes.POP));
        out.add(site.contLabel);
        return out;
    }

    /**
     * The method a static or special call runs: the first class from the call's owner up its
     * superclasses that declares it, read from class bytes (the owner itself when they cannot be found).
     */
    private String resolvedCallee(MethodInsnNode call) {
        String nameAndDesc = call.name + call.desc;
        if (call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL) {
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
        }
        return call.owner + "." + nameAndDesc;
    }

    /** After the original code: saves the frame into the store the capture gave, and returns. */
    private void emitSave(InsnList out, Site site, int storeSlot) {
        out.add(site.saveLabel);
        if (site.line >= 0) {
            out.add(new LineNumberNode(site.line, site.saveLabel));
        }
        out.add(new VarInsnNode(Opcodes.ASTORE, storeSlot));
        Type result = Type.getReturnType(site.call.desc);
        if (result.getSize() == 1) {
            out.add(new InsnNode(Opcodes.POP));
        } else if (result.getSize() == 2) {
            out.add(new InsnNode(Opcodes.POP2));
        }
        for (int i = site.stackBelow.size() - 1; i >= 0; i--) {
            pushValue(out, site.stackBelow.get(i), storeSlot, true);
        }
        for (int i = 0; i < site.liveSlots.length; i++) {
            BasicValue v = site.liveTypes[i];
            if (!TypeInterpreter.isNull(v)) {
                out.add(Bytecode.load(storageType(v), site.liveSlots[i]));
                pushValue(out, v, storeSlot, false);
            }
        }
        out.add(new LdcInsnNode(site.index));
        out.add(registration.methodId(methodKey));
        out.add(new VarInsnNode(Opcodes.ALOAD, storeSlot));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.STORE, "pushFrame",
                "(II" + Bytecode.STORE_DESC + ")V", false));
        Type own = Type.getReturnType(method.desc);
        Bytecode.pushDefault(out, own);
        out.add(new InsnNode(own.getOpcode(Opcodes.IRETURN)));
    }

    /** The type a value is stored and reloaded as: ints for every int-like kind, the exact reference type. */
    private static Type storageType(BasicValue v) {
        Type t = v.getType();
        if (TypeInterpreter.isReference(v)) {
            return TypeInterpreter.isNull(v) ? Type.getObjectType("java/lang/Object") : t;
        }
        return t;
    }

    /** Moves the value on top of the operand stack into the store (a known null is just dropped). */
    private static void pushValue(InsnList out, BasicValue v, int storeSlot, boolean onStack) {
        if (TypeInterpreter.isNull(v)) {
            if (onStack) {
                out.add(new InsnNode(Opcodes.POP));
            }
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, storeSlot));
        String kind = kind(v);
        String valueDesc = TypeInterpreter.isReference(v) ? "Ljava/lang/Object;" : v.getType().getDescriptor();
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.STORE, "push" + kind,
                "(" + valueDesc + Bytecode.STORE_DESC + ")V", false));
    }

    /** Pushes the next saved value onto the operand stack, cast back to its type. */
    private static void popValue(InsnList out, BasicValue v, int storeSlot) {
        if (TypeInterpreter.isNull(v)) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, storeSlot));
        String kind = kind(v);
        String valueDesc = TypeInterpreter.isReference(v) ? "Ljava/lang/Object;" : v.getType().getDescriptor();
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Bytecode.STORE, "pop" + kind,
                "(" + Bytecode.STORE_DESC + ")" + valueDesc, false));
        if (TypeInterpreter.isReference(v) && !"java/lang/Object".equals(v.getType().getInternalName())) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, v.getType().getInternalName()));
        }
    }

    private static String kind(BasicValue v) {
        switch (v.getType().getSort()) {
            case Type.INT: return "Int";
            case Type.FLOAT: return "Float";
            case Type.LONG: return "Long";
            case Type.DOUBLE: return "Double";
            default: return "Ref";
        }
    }
}
