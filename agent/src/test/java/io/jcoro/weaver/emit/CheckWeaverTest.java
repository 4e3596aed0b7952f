package io.jcoro.weaver.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckWeaver} on its own: right after the guarded call (so inside its exception ranges), the
 * fast-path test and, when a continuation is unwinding, {@code WovenCalls.cannotSuspendHere(site, reason)};
 * the call's result stays on the stack for the code after it.
 */
class CheckWeaverTest {

    @Test
    void putsTheCheckRightAfterTheCall() {
        MethodFixture f = MethodFixture.staticMethod("()I")
                .call(INVOKESTATIC, "fixture/Owner", "s", "()I").mark("call").insn(IRETURN).maxs(1, 0);
        CheckWeaver.addCheck(f.method, f.callAt("call"), "fixture.Owner.m(Owner.java:3)", "because");
        assertEquals(List.of(
                "INVOKESTATIC fixture/Owner.s ()I",
                "GETSTATIC io/jcoro/internal/WovenCalls.unwinding : I",
                "GETSTATIC io/jcoro/internal/WovenCalls.unwindingShared : I",
                "IOR",
                "IFEQ L0",
                "LDC \"fixture.Owner.m(Owner.java:3)\"",
                "LDC \"because\"",
                "INVOKESTATIC io/jcoro/internal/WovenCalls.cannotSuspendHere (Ljava/lang/String;Ljava/lang/String;)V",
                "L0",
                "IRETURN"), MethodFixture.listing(f.method));
    }
}
