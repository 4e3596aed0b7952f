package io.jcoro.weaver.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import io.jcoro.weaver.plan.SuspensionPlan;
import io.jcoro.weaver.plan.SuspensionPlannerTest;
import io.jcoro.weaver.transform.MethodOutcome;
import io.jcoro.weaver.transform.Registration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;

/**
 * {@link SuspensionEmitter} writes a plan as it stands: the entry test and dispatch, the capture check
 * after the call, the restore block (pops in the reverse order of the save's pushes, casts, re-enters
 * through the call's label) and the save block, with ids from the registration and nothing decided on
 * its own. The listing is DESIGN.md's worked example in miniature.
 */
class SuspensionEmitterTest {

    @Test
    void writesThePlanOfOnePoint() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/String;J)I")
                .line(5).var(LLOAD, 1).insn(L2I).call(INVOKESTATIC, "fixture/Owner", "s", "()I").mark("site")
                .insn(IADD).var(ALOAD, 0).call(INVOKEVIRTUAL, "java/lang/String", "length", "()I")
                .insn(IADD).insn(IRETURN).maxs(2, 3);
        SuspensionPlan plan = SuspensionPlannerTest.plan(f, "site");
        RecordingRegistration registration = new RecordingRegistration();
        SuspensionEmitter.emit(f.method, plan, registration);

        assertEquals(List.of("site 0 fixture.Owner.m(Owner.java:5) fixture/Owner.s()I static fixture/Owner.s()I",
                "method", "method"), registration.asked);
        assertEquals(List.of(
                // entry: the fast-path test, the dispatch reached by a goto
                "GETSTATIC io/jcoro/internal/WovenCalls.unwinding : I",
                "GETSTATIC io/jcoro/internal/WovenCalls.unwindingShared : I",
                "IOR",
                "IFEQ L0",
                "GOTO L1",
                "L0",
                // the original code; L3 is where a restore re-enters the call
                "L2",
                "LINENUMBER 5 L2",
                "LLOAD 1",
                "L2I",
                "L3",
                "INVOKESTATIC fixture/Owner.s ()I",
                // the capture check after the call (L4: where a restore through a callee's second entry goes on)
                "L4",
                "GETSTATIC io/jcoro/internal/WovenCalls.unwinding : I",
                "GETSTATIC io/jcoro/internal/WovenCalls.unwindingShared : I",
                "IOR",
                "IFEQ L5",
                "LDC 100",
                "INVOKESTATIC io/jcoro/internal/WovenCalls.capture (I)Lio/jcoro/internal/Coroutine;",
                "DUP",
                "IFNONNULL L6",
                "POP",
                "L5",
                "IADD",
                "ALOAD 0",
                "INVOKEVIRTUAL java/lang/String.length ()I",
                "IADD",
                "IRETURN",
                // the dispatch
                "L1",
                "LINENUMBER 5 L1",
                "LDC 7",
                "INVOKESTATIC io/jcoro/internal/WovenCalls.enter (I)Lio/jcoro/internal/Coroutine;",
                "DUP",
                "IFNONNULL L7",
                "POP",
                "GOTO L0",
                "L7",
                "ASTORE 3",
                "L8", // the store in its local: where the method's second entry, when it has one, starts
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.popResumePoint (Lio/jcoro/internal/Coroutine;)I",
                "TABLESWITCH\n      0: L9\n      default: L10",
                "L10",
                "LDC \"fixture/Owner.m(Ljava/lang/String;J)I\"",
                "INVOKESTATIC io/jcoro/internal/WovenCalls.corruptFrame (Ljava/lang/String;)Ljava/lang/IllegalStateException;",
                "ATHROW",
                // the restore: the live local (slot 0, cast back), then the int under the call; re-enter
                "L9",
                "LINENUMBER 5 L9",
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.popRef (Lio/jcoro/internal/Coroutine;)Ljava/lang/Object;",
                "CHECKCAST java/lang/String",
                "ASTORE 0",
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.popInt (Lio/jcoro/internal/Coroutine;)I",
                "GOTO L3",
                // the save: drop the dummy result, the int under the call, the live local, the header; return zero
                "L6",
                "LINENUMBER 5 L6",
                "ASTORE 3",
                "POP",
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.pushInt (ILio/jcoro/internal/Coroutine;)V",
                "ALOAD 0",
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.pushRef (Ljava/lang/Object;Lio/jcoro/internal/Coroutine;)V",
                "LDC 0",
                "LDC 7",
                "ALOAD 3",
                "INVOKESTATIC io/jcoro/internal/Coroutine.pushFrame (IILio/jcoro/internal/Coroutine;)V",
                "ICONST_0",
                "IRETURN"), MethodFixture.listing(f.method));
    }

    /** Ids as plain constants (a method is 7, a site 100 + its index), and the order they were asked for. */
    private static final class RecordingRegistration implements Registration {
        final List<String> asked = new ArrayList<>();

        @Override
        public void calledByCodeNotWoven(String methodKey) {}

        @Override
        public InsnList methodId(String methodKey) {
            asked.add("method");
            InsnList out = new InsnList();
            out.add(new LdcInsnNode(7));
            return out;
        }

        @Override
        public InsnList siteId(String methodKey, int resumePoint, String description, String callee, boolean dispatched,
                String resolvedCallee) {
            asked.add("site " + resumePoint + " " + description + " " + callee + " " + (dispatched ? "dispatched" : "static")
                    + " " + resolvedCallee);
            InsnList out = new InsnList();
            out.add(new LdcInsnNode(100 + resumePoint));
            return out;
        }

        @Override
        public boolean mayAddSecondEntry(String methodKey) {
            return false;
        }

        @Override
        public void secondEntriesAdded(List<String> methodKeys) {}

        @Override
        public boolean mustWrite() {
            return false;
        }

        @Override
        public void beforeWrite(ClassNode c, List<MethodOutcome> outcomes) {}

        @Override
        public void afterWrite(List<MethodOutcome> outcomes) {}
    }
}
