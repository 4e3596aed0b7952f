package io.jcoro.weaver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * {@link Liveness} on its own: the exact set of locals that may still be read before chosen
 * instructions of hand-built methods. A frame saves exactly these, so a local reported live when it is
 * not costs a slot, and one reported dead when it is read later loses its value across a suspension.
 */
class LivenessTest {

    @Test
    void straightLine() throws AnalyzerException {
        MethodFixture f = MethodFixture.staticMethod("(II)I")
                .var(ILOAD, 0).mark("load0")
                .var(ISTORE, 2).mark("store2")
                .var(ILOAD, 1).mark("load1")
                .var(ILOAD, 2).mark("load2")
                .insn(IADD).mark("add")
                .insn(IRETURN).mark("return")
                .maxs(2, 3);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0, 1), l.liveBefore(f.index("load0")));
        assertEquals(set(1), l.liveBefore(f.index("store2")), "2 is written before it is read");
        assertEquals(set(1, 2), l.liveBefore(f.index("load1")));
        assertEquals(set(2), l.liveBefore(f.index("load2")));
        assertEquals(set(), l.liveBefore(f.index("add")));
        assertEquals(set(), l.liveBefore(f.index("return")));
    }

    @Test
    void aLocalIsDeadAfterItsLastRead() throws AnalyzerException {
        // static void m(Object o, int n) { o.hashCode(); Thread.yield(); return; }
        MethodFixture f = MethodFixture.staticMethod("(Ljava/lang/Object;I)V")
                .var(ALOAD, 0).mark("read")
                .call(INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I").mark("hashCode")
                .insn(POP)
                .call(INVOKESTATIC, "java/lang/Thread", "yield", "()V").mark("yield")
                .insn(RETURN)
                .maxs(1, 2);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0), l.liveBefore(f.index("read")), "the parameter n is never read");
        assertEquals(set(), l.liveBefore(f.index("hashCode")), "o was read for the last time");
        assertEquals(set(), l.liveBefore(f.index("yield")));
    }

    @Test
    void aBranchJoinsWhatBothArmsRead() throws AnalyzerException {
        // static int m(boolean c, int a, int b) { return c ? a : b; }
        MethodFixture f = MethodFixture.staticMethod("(ZII)I")
                .var(ILOAD, 0).mark("test")
                .jump(IFEQ, "else").mark("branch")
                .var(ILOAD, 1).mark("then")
                .insn(IRETURN)
                .at("else")
                .var(ILOAD, 2).mark("else")
                .insn(IRETURN)
                .maxs(1, 3);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0, 1, 2), l.liveBefore(f.index("test")));
        assertEquals(set(1, 2), l.liveBefore(f.index("branch")), "either arm may run");
        assertEquals(set(1), l.liveBefore(f.index("then")));
        assertEquals(set(2), l.liveBefore(f.index("else")));
    }

    @Test
    void aLoopKeepsWhatTheNextIterationReads() throws AnalyzerException {
        // static int m(int n) { Object junk = "x"; int sum = 0; while (n > 0) { sum += n; n--; } return sum; }
        MethodFixture f = MethodFixture.staticMethod("(I)I")
                .ldc("x")
                .var(ASTORE, 1).mark("storeJunk")
                .insn(ICONST_0)
                .var(ISTORE, 2).mark("storeSum")
                .at("head")
                .var(ILOAD, 0).mark("head")
                .jump(IFLE, "end")
                .var(ILOAD, 2).mark("body")
                .var(ILOAD, 0)
                .insn(IADD)
                .var(ISTORE, 2).mark("bodyStore")
                .iinc(0, -1).mark("decrement")
                .jump(GOTO, "head").mark("backEdge")
                .at("end")
                .var(ILOAD, 2).mark("result")
                .insn(IRETURN)
                .maxs(2, 3);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0), l.liveBefore(f.index("storeJunk")), "junk is never read");
        assertEquals(set(0), l.liveBefore(f.index("storeSum")));
        assertEquals(set(0, 2), l.liveBefore(f.index("head")), "sum is read after the loop");
        assertEquals(set(0, 2), l.liveBefore(f.index("body")));
        assertEquals(set(0), l.liveBefore(f.index("bodyStore")), "the sum on the stack replaces local 2");
        assertEquals(set(0, 2), l.liveBefore(f.index("decrement")));
        assertEquals(set(0, 2), l.liveBefore(f.index("backEdge")), "n is read again by the next test");
        assertEquals(set(2), l.liveBefore(f.index("result")));
    }

    @Test
    void whatAHandlerReadsIsLiveThroughoutItsTryBlock() throws AnalyzerException {
        // static int m(int fallback, Object o) { try { return o.hashCode(); } catch (RuntimeException e) { return fallback; } }
        MethodFixture f = MethodFixture.staticMethod("(ILjava/lang/Object;)I")
                .tryCatch("start", "end", "handler", "java/lang/RuntimeException")
                .at("start")
                .var(ALOAD, 1).mark("tryFirst")
                .call(INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I").mark("call")
                .at("end")
                .insn(IRETURN).mark("return")
                .at("handler")
                .var(ASTORE, 2).mark("catch")
                .var(ILOAD, 0).mark("fallback")
                .insn(IRETURN)
                .maxs(1, 3);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0, 1), l.liveBefore(f.index("tryFirst")));
        assertEquals(set(0), l.liveBefore(f.index("call")), "the call may throw to the handler, which reads 0");
        assertEquals(set(), l.liveBefore(f.index("return")), "outside the try block");
        assertEquals(set(0), l.liveBefore(f.index("catch")), "the exception is stored, never read");
        assertEquals(set(0), l.liveBefore(f.index("fallback")));
    }

    @Test
    void aTwoSlotLocalIsTrackedByItsFirstSlot() throws AnalyzerException {
        // static long m(long a, double d) { long b = a + 1; return b + (long) d; }
        MethodFixture f = MethodFixture.staticMethod("(JD)J")
                .var(LLOAD, 0).mark("loadA")
                .insn(LCONST_1)
                .insn(LADD)
                .var(LSTORE, 4).mark("storeB")
                .var(LLOAD, 4).mark("loadB")
                .var(DLOAD, 2).mark("loadD")
                .insn(D2L)
                .insn(LADD)
                .insn(LRETURN)
                .maxs(4, 6);
        Liveness l = Liveness.compute(f.flow());
        assertEquals(set(0, 2), l.liveBefore(f.index("loadA")), "never the second slots 1 and 3");
        assertEquals(set(2), l.liveBefore(f.index("storeB")));
        assertEquals(set(2, 4), l.liveBefore(f.index("loadB")));
        assertEquals(set(2), l.liveBefore(f.index("loadD")));
    }

    private static BitSet set(int... slots) {
        BitSet s = new BitSet();
        for (int slot : slots) {
            s.set(slot);
        }
        return s;
    }
}
