package io.jcoro.weaver.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.Liveness;
import io.jcoro.weaver.analysis.MethodFixture;
import io.jcoro.weaver.analysis.MethodFlow;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.emit.CallParking;
import io.jcoro.weaver.emit.LocalSlots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * {@link SuspensionPlanner} on methods built in the test, read as data: per point the operand stack under
 * the call and the live locals with how each is saved, the receiver and interface arguments kept, the
 * resume index, the site and the callee; {@code this} stays in place unless the method assigns slot 0; a
 * value that cannot be saved is refused with its line; and planning changes nothing in the method.
 */
public class SuspensionPlannerTest {
    private static final String STRING = "Ljava/lang/String;";
    private static final String APPLY = "(Ljava/lang/Object;)Ljava/lang/Object;";

    @Test
    void savesTheStackBelowTheCallAndTheLocalsReadAfterIt() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("(I" + STRING + ")I")
                .line(7).var(ILOAD, 0).call(INVOKESTATIC, "fixture/Owner", "s", "()I").mark("site")
                .insn(IADD).var(ALOAD, 1).call(INVOKEVIRTUAL, "java/lang/String", "length", "()I")
                .insn(IADD).insn(IRETURN).maxs(3, 2);
        SuspensionPlan plan = plan(f, "site");

        assertEquals("fixture/Owner.m(I" + STRING + ")I", plan.methodKey());
        assertEquals(7, plan.firstLine());
        assertEquals(2, plan.storeSlot());
        SuspensionPoint point = plan.points().get(0);
        assertEquals(0, point.resumeIndex());
        assertEquals(7, point.line());
        assertEquals("fixture.Owner.m(Owner.java:7)", point.site());
        assertEquals("fixture/Owner.s()I", point.callee());
        assertEquals("fixture/Owner.s()I", point.resolvedCallee()); // no class file: the owner as written
        assertEquals(List.of(new SavedValue(ValueKind.INT, Type.INT_TYPE)), point.stackBelow());
        // slot 0 was read before the call and is dead after it
        assertEquals(List.of(local(1, ValueKind.REFERENCE, STRING)), point.liveLocals());
        assertEquals(-1, point.parked().receiverSlot());
        assertEquals("Owner.java", plan.sourceFile());
        assertEquals(1, point.primitiveCount());
        assertEquals(1, point.referenceCount());
    }

    @Test
    void keepsAnInterfaceCallsReceiverAndArgumentsAndLeavesThisInPlace() throws Exception {
        MethodFixture f = MethodFixture.instanceMethod("(Ljava/util/function/Function;JD)Ljava/lang/Object;")
                .insn(ACONST_NULL).var(ASTORE, 6)
                .var(ALOAD, 1).ldc("x")
                .call(INVOKEINTERFACE, "java/util/function/Function", "apply", APPLY).mark("site")
                .insn(POP).var(LLOAD, 2).insn(L2D).var(DLOAD, 4).insn(DADD).insn(POP2)
                .var(ALOAD, 0).insn(POP).var(ALOAD, 6).insn(ARETURN).maxs(4, 7);
        SuspensionPoint point = plan(f, "site").points().get(0);

        assertEquals(List.of(), point.stackBelow());
        assertEquals(List.of(
                local(2, ValueKind.LONG, "J"),
                local(4, ValueKind.DOUBLE, "D"),
                local(6, ValueKind.KNOWN_NULL, "Lnull;"),
                local(7, ValueKind.REFERENCE, STRING), // the parked argument, as precise as the analysis knows it
                local(8, ValueKind.REFERENCE, "Ljava/util/function/Function;")), point.liveLocals());
        assertArrayEquals(new int[] {7}, point.parked().argumentSlots());
        assertEquals(8, point.parked().receiverSlot());
        assertNull(point.resolvedCallee()); // dispatched: the runtime decides
        assertEquals(2, point.primitiveCount());
        assertEquals(2, point.referenceCount()); // the known null is not stored
    }

    @Test
    void savesThisWhenTheMethodAssignsSlotZero() throws Exception {
        MethodFixture f = MethodFixture.instanceMethod("()Ljava/lang/Object;")
                .ldc("other").var(ASTORE, 0)
                .call(INVOKESTATIC, "fixture/Owner", "s", "()V").mark("site")
                .var(ALOAD, 0).insn(ARETURN).maxs(1, 1);
        SuspensionPoint point = plan(f, "site").points().get(0);
        assertEquals(List.of(local(0, ValueKind.REFERENCE, STRING)), point.liveLocals());
    }

    @Test
    void numbersThePointsInCodeOrder() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()V")
                .line(3).call(INVOKESTATIC, "fixture/Owner", "s", "()V").mark("first")
                .line(4).call(INVOKESTATIC, "fixture/Owner", "s", "()V").mark("second")
                .insn(RETURN).maxs(0, 0);
        SuspensionPlan plan = plan(f, "first", "second");
        assertEquals(2, plan.points().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(i, plan.points().get(i).resumeIndex());
            assertEquals(3 + i, plan.points().get(i).line());
        }
    }

    @Test
    void refusesAnUnconstructedObjectUnderTheCallWithItsLine() {
        MethodFixture f = MethodFixture.staticMethod("()Ljava/lang/Object;")
                .line(12).type(NEW, "my/Foo").insn(DUP)
                .call(INVOKESTATIC, "fixture/Owner", "s", "()" + STRING).mark("site")
                .call(INVOKESPECIAL, "my/Foo", "<init>", "(" + STRING + ")V").insn(ARETURN).maxs(3, 0);
        TransformException e = assertThrows(TransformException.class, () -> plan(f, "site"));
        assertEquals("at the suspending call to fixture.Owner.s in fixture.Owner.m line 12, operand stack slot 0 "
                + "holds uninitialized my/Foo, which cannot be saved", e.getMessage());
    }

    @Test
    void planningChangesNothingInTheMethod() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("(I)I")
                .var(ILOAD, 0).call(INVOKESTATIC, "fixture/Owner", "s", "()I").mark("site")
                .insn(IADD).insn(IRETURN).maxs(2, 1);
        LocalSlots locals = new LocalSlots(f.method);
        List<ParkedCall> parked = CallParking.park(f.method, locals, List.of(f.callAt("site")));
        List<String> before = MethodFixture.listing(f.method);
        int maxLocals = f.method.maxLocals;
        MethodFlow flow = f.flow();
        new SuspensionPlanner(MethodFixture.OWNER, "Owner.java", f.method, MethodFixture.HIERARCHY)
                .plan(flow, Liveness.compute(flow), parked, 1);
        assertEquals(before, MethodFixture.listing(f.method));
        assertEquals(maxLocals, f.method.maxLocals);
    }

    /** Parks the marked calls, analyses the result and plans it, as {@link MethodWeaver#weave} does. */
    public static SuspensionPlan plan(MethodFixture f, String... callMarks) throws Exception {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (String mark : callMarks) {
            calls.add(f.callAt(mark));
        }
        LocalSlots locals = new LocalSlots(f.method);
        List<ParkedCall> parked = CallParking.park(f.method, locals, calls);
        f.method.maxStack += CallParking.STACK_ABOVE_CALL;
        MethodFlow flow = f.flow();
        return new SuspensionPlanner(MethodFixture.OWNER, "Owner.java", f.method, MethodFixture.HIERARCHY)
                .plan(flow, Liveness.compute(flow), parked, locals.newLocal(Type.getType(Object.class)));
    }

    private static SuspensionPoint.SavedLocal local(int slot, ValueKind kind, String descriptor) {
        return new SuspensionPoint.SavedLocal(slot, new SavedValue(kind, Type.getType(descriptor)));
    }
}
