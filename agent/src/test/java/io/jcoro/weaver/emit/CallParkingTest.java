package io.jcoro.weaver.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import io.jcoro.weaver.plan.ParkedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CallParking} on its own: before an instance call the arguments go to fresh locals (the last
 * argument first, into the first fresh slot), a copy of the receiver is kept, the arguments come back,
 * and the re-entry label sits right before the call; a static call gets the label only. Only an
 * interface call's argument slots are part of the result (they are saved and passed again on restore).
 */
class CallParkingTest {
    private static final String APPLY = "(Ljava/lang/Object;)Ljava/lang/Object;";

    @Test
    void anInterfaceCallKeepsItsReceiverAndItsArguments() {
        MethodFixture f = MethodFixture.staticMethod("(Ljava/util/function/BiFunction;J)Ljava/lang/Object;")
                .var(ALOAD, 0).ldc("a").ldc("b")
                .call(INVOKEINTERFACE, "java/util/function/BiFunction", "apply",
                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;").mark("site")
                .insn(ARETURN).maxs(3, 3);
        List<ParkedCall> parked = CallParking.park(f.method, new LocalSlots(f.method), List.of(f.callAt("site")));

        ParkedCall call = parked.get(0);
        assertSame(f.callAt("site"), call.call());
        assertArrayEquals(new int[] {4, 3}, call.argumentSlots());
        assertEquals(5, call.receiverSlot());
        assertEquals(6, f.method.maxLocals);
        assertEquals(List.of(
                "ALOAD 0",
                "LDC \"a\"",
                "LDC \"b\"",
                "ASTORE 3",
                "ASTORE 4",
                "DUP",
                "ASTORE 5",
                "ALOAD 4",
                "ALOAD 3",
                "L0",
                "INVOKEINTERFACE java/util/function/BiFunction.apply (Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object; (itf)",
                "ARETURN"), MethodFixture.listing(f.method));
        assertEquals(f.method.instructions.indexOf(call.reentry()) + 1, f.method.instructions.indexOf(call.call()));
    }

    @Test
    void aVirtualCallKeepsItsReceiverButNotItsArgumentSlots() {
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/Object;)Ljava/lang/String;")
                .var(ALOAD, 0).ldc("x").call(INVOKEVIRTUAL, "fixture/Owner", "pass", APPLY).mark("site")
                .type(CHECKCAST, "java/lang/String").insn(ARETURN).maxs(2, 1);
        ParkedCall call = CallParking.park(f.method, new LocalSlots(f.method), List.of(f.callAt("site"))).get(0);
        assertNull(call.argumentSlots());
        assertEquals(2, call.receiverSlot());
        assertEquals(List.of("ALOAD 0", "LDC \"x\"", "ASTORE 1", "DUP", "ASTORE 2", "ALOAD 1", "L0",
                "INVOKEVIRTUAL fixture/Owner.pass " + APPLY, "CHECKCAST java/lang/String", "ARETURN"),
                MethodFixture.listing(f.method));
    }

    @Test
    void aStaticCallGetsOnlyItsReentryLabel() {
        MethodFixture f = MethodFixture.staticMethod("()Ljava/lang/Object;")
                .ldc("x").call(INVOKESTATIC, "fixture/Owner", "pass", APPLY).mark("site").insn(ARETURN).maxs(1, 0);
        ParkedCall call = CallParking.park(f.method, new LocalSlots(f.method), List.of(f.callAt("site"))).get(0);
        assertEquals(-1, call.receiverSlot());
        assertNull(call.argumentSlots());
        assertEquals(0, f.method.maxLocals);
        assertEquals(List.of("LDC \"x\"", "L0", "INVOKESTATIC fixture/Owner.pass " + APPLY, "ARETURN"),
                MethodFixture.listing(f.method));
    }
}
