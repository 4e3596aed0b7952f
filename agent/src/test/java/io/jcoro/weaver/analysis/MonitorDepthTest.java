package io.jcoro.weaver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * {@link MonitorDepth} on its own: the number of monitors that may be held before chosen instructions
 * of hand-built methods in javac's {@code synchronized} shape (enter, body, exit, and a catch-all
 * handler that exits and rethrows). A suspension is refused where the depth is not 0.
 */
class MonitorDepthTest {

    @Test
    void withoutMonitorsEveryReachableInstructionIsAtDepthZero() throws AnalyzerException {
        MethodFixture f = MethodFixture.staticMethod("(Z)I")
                .var(ILOAD, 0)
                .jump(IFEQ, "else")
                .insn(ICONST_1)
                .insn(IRETURN)
                .at("else")
                .insn(ICONST_2)
                .insn(IRETURN)
                .maxs(1, 1);
        int[] depth = MonitorDepth.compute(f.flow());
        assertEquals(f.method.instructions.size(), depth.length);
        for (int i = 0; i < depth.length; i++) {
            assertEquals(0, depth[i], "instruction " + i);
        }
    }

    @Test
    void unreachableCodeHasNoDepth() throws AnalyzerException {
        MethodFixture f = MethodFixture.staticMethod("()V")
                .insn(RETURN)
                .insn(NOP).mark("dead")
                .insn(RETURN)
                .maxs(0, 0);
        assertEquals(-1, MonitorDepth.compute(f.flow())[f.index("dead")]);
    }

    @Test
    void oneSynchronizedBlockAndTheHandlerThatReleasesIt() throws AnalyzerException {
        MethodFixture f = synchronizedBlock(false);
        int[] depth = MonitorDepth.compute(f.flow());
        assertEquals(0, depth[f.index("enter")]);
        assertEquals(1, depth[f.index("body")]);
        assertEquals(1, depth[f.index("exit")]);
        assertEquals(0, depth[f.index("afterExit")]);
        assertEquals(1, depth[f.index("handler")], "the body and a throwing MONITOREXIT still hold the monitor");
        assertEquals(1, depth[f.index("handlerExit")]);
        assertEquals(0, depth[f.index("rethrow")], "the handler released it");
        assertEquals(0, depth[f.index("end")]);
    }

    @Test
    void aHandlerAroundTheSynchronizedBlockIsReachedOnlyAfterTheRelease() throws AnalyzerException {
        // try { synchronized (lock) { body(); } } catch (Throwable t) { outer(); }: the inner catch-all comes
        // first in the exception table, so nothing inside the block throws to the outer handler directly
        MethodFixture f = synchronizedBlock(true);
        int[] depth = MonitorDepth.compute(f.flow());
        assertEquals(1, depth[f.index("body")]);
        assertEquals(0, depth[f.index("outer")]);
    }

    @Test
    void nestedBlocksCountBothMonitors() throws AnalyzerException {
        // synchronized (a) { synchronized (b) { body(); } after(); }, without the handlers
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/Object;Ljava/lang/Object;)V")
                .var(ALOAD, 0)
                .insn(MONITORENTER).mark("enterA")
                .var(ALOAD, 1).mark("betweenEnters")
                .insn(MONITORENTER)
                .call(INVOKESTATIC, "fixture/Owner", "body", "()V").mark("body")
                .var(ALOAD, 1)
                .insn(MONITOREXIT).mark("exitB")
                .call(INVOKESTATIC, "fixture/Owner", "after", "()V").mark("after")
                .var(ALOAD, 0)
                .insn(MONITOREXIT)
                .insn(RETURN).mark("return")
                .maxs(1, 2);
        int[] depth = MonitorDepth.compute(f.flow());
        assertEquals(0, depth[f.index("enterA")]);
        assertEquals(1, depth[f.index("betweenEnters")]);
        assertEquals(2, depth[f.index("body")]);
        assertEquals(2, depth[f.index("exitB")]);
        assertEquals(1, depth[f.index("after")]);
        assertEquals(0, depth[f.index("return")]);
    }

    /** javac's {@code synchronized (lock) { body(); }}, optionally inside {@code try ... catch (Throwable t)}. */
    private static MethodFixture synchronizedBlock(boolean outerTry) {
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/Object;)V")
                .tryCatch("start", "end", "handler", null)
                .tryCatch("handler", "handlerEnd", "handler", null);
        if (outerTry) {
            f.tryCatch("outerStart", "outerEnd", "outer", "java/lang/Throwable").at("outerStart");
        }
        f.var(ALOAD, 0)
                .insn(DUP)
                .var(ASTORE, 1)
                .insn(MONITORENTER).mark("enter")
                .at("start")
                .call(INVOKESTATIC, "fixture/Owner", "body", "()V").mark("body")
                .var(ALOAD, 1)
                .insn(MONITOREXIT).mark("exit")
                .at("end")
                .jump(GOTO, "done").mark("afterExit")
                .at("handler")
                .var(ASTORE, 2).mark("handler")
                .var(ALOAD, 1)
                .insn(MONITOREXIT).mark("handlerExit")
                .at("handlerEnd")
                .var(ALOAD, 2).mark("rethrow")
                .insn(ATHROW);
        if (outerTry) {
            f.at("outerEnd")
                    .at("outer")
                    .var(ASTORE, 3).mark("outer")
                    .call(INVOKESTATIC, "fixture/Owner", "outer", "()V");
        }
        return f.at("done")
                .insn(RETURN).mark("end")
                .maxs(2, outerTry ? 4 : 3);
    }
}
