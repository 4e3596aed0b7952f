package io.jcoro.weaver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CallTriage} on its own: a suspending call is captured unless a monitor is held there (inside a
 * {@code synchronized} block, or anywhere in a {@code synchronized} method), where it is checked with a
 * reason that says so; an unreachable call is neither.
 */
class CallTriageTest {
    private static final String SUSPEND = "()V";

    @Test
    void aCallOutsideAnyMonitorIsCaptured() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()V")
                .call(INVOKESTATIC, "fixture/Owner", "s", SUSPEND).mark("call").insn(RETURN).maxs(0, 0);
        CallTriage triage = CallTriage.sort(f.method, f.flow(), List.of(f.callAt("call")));
        assertEquals(List.of(f.callAt("call")), triage.captured());
        assertTrue(triage.checked().isEmpty());
    }

    @Test
    void aCallInsideASynchronizedBlockIsCheckedAndOneAfterItIsCaptured() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/Object;)V")
                .var(ALOAD, 0).insn(MONITORENTER)
                .at("start").call(INVOKESTATIC, "fixture/Owner", "s", SUSPEND).mark("inside")
                .var(ALOAD, 0).insn(MONITOREXIT)
                .at("end").jump(GOTO, "after")
                .at("handler").var(ALOAD, 0).insn(MONITOREXIT).insn(ATHROW)
                .at("after").call(INVOKESTATIC, "fixture/Owner", "s", SUSPEND).mark("outside")
                .insn(RETURN)
                .tryCatch("start", "end", "handler", null)
                .maxs(2, 1);
        CallTriage triage = CallTriage.sort(f.method, f.flow(), List.of(f.callAt("inside"), f.callAt("outside")));
        assertEquals(List.of(f.callAt("outside")), triage.captured());
        assertEquals(List.of(f.callAt("inside")), List.copyOf(triage.checked().keySet()));
        assertTrue(triage.checked().get(f.callAt("inside")).startsWith("a monitor is held (synchronized block)"),
                triage.checked().get(f.callAt("inside")));
    }

    @Test
    void everyCallOfASynchronizedMethodIsChecked() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()V")
                .call(INVOKESTATIC, "fixture/Owner", "s", SUSPEND).mark("call").insn(RETURN).maxs(0, 0);
        f.method.access |= ACC_SYNCHRONIZED;
        CallTriage triage = CallTriage.sort(f.method, f.flow(), List.of(f.callAt("call")));
        assertTrue(triage.captured().isEmpty());
        assertTrue(triage.checked().get(f.callAt("call")).startsWith("the method is synchronized"));
    }

    @Test
    void anUnreachableCallIsNeither() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("()V")
                .insn(RETURN)
                .call(INVOKESTATIC, "fixture/Owner", "s", SUSPEND).mark("dead").insn(RETURN).maxs(0, 0);
        CallTriage triage = CallTriage.sort(f.method, f.flow(), List.of(f.callAt("dead")));
        assertTrue(triage.captured().isEmpty());
        assertTrue(triage.checked().isEmpty());
    }
}
