package io.jcoro.weaver.transform;

import io.jcoro.weaver.analysis.Liveness;
import io.jcoro.weaver.analysis.MethodFlow;
import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.emit.CallParking;
import io.jcoro.weaver.emit.CheckWeaver;
import io.jcoro.weaver.emit.LocalSlots;
import io.jcoro.weaver.emit.NewRelocator;
import io.jcoro.weaver.emit.SuspensionEmitter;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.plan.CallTriage;
import io.jcoro.weaver.plan.ParkedCall;
import io.jcoro.weaver.plan.ResumeEntries;
import io.jcoro.weaver.plan.SuspensionPlan;
import io.jcoro.weaver.plan.SuspensionPlanner;
import io.jcoro.weaver.plan.SuspensionPoint;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Rewrites one suspendable method so it can save its frame at each suspending call and restore it.
 *
 * <pre>
 * entry:     if ((WovenCalls.unwinding | WovenCalls.unwindingShared) != 0) goto DISPATCH   // fast-path cost at entry
 * START:     ...original code...
 *            [receiver and arguments parked in fresh locals, receiver kept]   (instance calls)
 * CALL_k:    invoke callee
 *            if ((WovenCalls.unwinding | WovenCalls.unwindingShared) == 0) goto CONT_k     // fast-path cost per call
 *            store = WovenCalls.capture(site_k)                           // static or special call
 *                 or WovenCalls.captureDispatched(receiver, site_k)       // virtual or interface call
 *            if (store != null) goto SAVE_k                           // null: another thread's unwinding
 * CONT_k:    ...original code...
 *
 * DISPATCH:  store = WovenCalls.enter(key); if (store == null) goto START
 *            switch (popResumePoint(store)) { case k: goto RESTORE_k }
 * RESTORE_k: pop live locals and the operand stack below the call; push the kept receiver and
 *            zero arguments; goto CALL_k                         // re-enter the callee, which restores itself
 *        or, for a static or special call to a method of this class that has a second entry:
 *            ...; invoke callee's second entry (args..., store); goto after CALL_k
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
 * before; a call to a second entry sits in copies of the call's exception ranges, for the same reason.
 * Frames are recomputed by the class writer afterwards.
 *
 * <p>The second entry ({@code ResumeEntry}) is a copy of the woven method that starts at
 * {@code switch (popResumePoint(store))} with the store it is handed: the restore of a caller in the
 * same class, which knows the callee statically, skips the callee's entry test, carrier lookup and
 * method-id check.
 *
 * <p>{@link #weave} runs the stages in order: analyse the flow ({@link MethodFlow}); sort the calls into
 * captured and checked ({@link CallTriage}); move {@code NEW; DUP} pairs that a suspension would split
 * ({@link NewRelocator}); guard the checked calls ({@link CheckWeaver}); park receivers and arguments
 * ({@link CallParking}); analyse again; plan each point's saved values ({@link SuspensionPlanner}, pure,
 * its {@link SuspensionPlan} plain data); write the plan ({@link SuspensionEmitter}). Analyses never
 * change the method; the three stages that do take their fresh locals from one {@link LocalSlots} and
 * declare how far they raise the operand stack.
 */
final class MethodWeaver {
    private static final Type STORE_TYPE = Type.getType(Bytecode.COROUTINE_DESC);

    private final String owner;
    private final String sourceFile;
    private final MethodNode method;
    private final ClassHierarchy hierarchy;
    /** How the woven code names its method and sites to the runtime. */
    private final Registration registration;
    private ResumeLayout resumePoints;
    private MethodNode secondEntry;

    MethodWeaver(String owner, String sourceFile, MethodNode method, ClassHierarchy hierarchy, Registration registration) {
        this.registration = registration;
        this.owner = owner;
        this.sourceFile = sourceFile;
        this.method = method;
        this.hierarchy = hierarchy;
    }

    /**
     * Weaves the method: saves and restores its frame at each of {@code suspendingCalls} that can carry a
     * suspension, and guards the others (a monitor is held) with a check that fails with the reason.
     *
     * @return the number of suspension points woven
     */
    int weave(List<MethodInsnNode> suspendingCalls) throws TransformException, AnalyzerException {
        return weave(suspendingCalls, ResumeEntries.NONE);
    }

    /**
     * As {@link #weave(List)}, knowing which methods of the class get a second entry ({@link ResumeEntries}):
     * restores re-enter those through it, and this method gets one when it is among them.
     */
    int weave(List<MethodInsnNode> suspendingCalls, ResumeEntries entries) throws TransformException, AnalyzerException {
        MethodFlow flow = MethodFlow.analyze(owner, method, hierarchy);
        CallTriage calls = CallTriage.sort(method, flow, suspendingCalls);
        LocalSlots locals = new LocalSlots(method);
        if (!calls.captured().isEmpty()) {
            // flow's frames are indexed by the unmodified code: the relocator reads them before it inserts anything
            NewRelocator.relocate(method, flow, locals, calls.captured(), where());
        }
        addChecks(calls.checked());
        if (calls.captured().isEmpty()) {
            return 0;
        }
        List<ParkedCall> parked = CallParking.park(method, locals, calls.captured());
        // a bound for the analysis below (the class writer computes the exact size of the final code)
        method.maxStack += Math.max(calls.checked().isEmpty() ? 0 : CheckWeaver.STACK_ABOVE_RESULT,
                CallParking.STACK_ABOVE_CALL);
        MethodFlow parkedFlow = MethodFlow.analyze(owner, method, hierarchy);
        SuspensionPlan plan = new SuspensionPlanner(owner, sourceFile, method, hierarchy, entries)
                .plan(parkedFlow, Liveness.compute(parkedFlow), parked, locals.newLocal(STORE_TYPE));
        secondEntry = SuspensionEmitter.emit(method, plan, registration);
        resumePoints = layout(plan);
        return plan.points().size();
    }

    /** The method's second entry, after a successful {@link #weave} that planned one; else null. */
    MethodNode secondEntry() {
        return secondEntry;
    }

    /** Lines and saved value counts by resume point, after a successful {@link #weave}; else null. */
    ResumeLayout resumePoints() {
        return resumePoints;
    }

    /** What the runtime needs to read the frames this method saves: per resume point its line and value counts. */
    static ResumeLayout layout(SuspensionPlan plan) {
        int[] lines = new int[plan.points().size()];
        int[] prims = new int[plan.points().size()];
        int[] refs = new int[plan.points().size()];
        for (SuspensionPoint point : plan.points()) {
            lines[point.resumeIndex()] = point.line();
            prims[point.resumeIndex()] = point.primitiveCount();
            refs[point.resumeIndex()] = point.referenceCount();
        }
        return new ResumeLayout(plan.sourceFile(), lines, prims, refs);
    }

    private void addChecks(Map<MethodInsnNode, String> checked) {
        for (Map.Entry<MethodInsnNode, String> check : checked.entrySet()) {
            MethodInsnNode call = check.getKey();
            CheckWeaver.addCheck(method, call, Bytecode.site(owner, method.name, sourceFile, Bytecode.lineOf(call)),
                    check.getValue());
        }
    }

    private String where() {
        return owner.replace('/', '.') + "." + method.name;
    }
}
