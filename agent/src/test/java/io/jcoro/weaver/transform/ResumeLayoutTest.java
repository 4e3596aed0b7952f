package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import io.jcoro.weaver.analysis.MethodFixture;
import io.jcoro.weaver.plan.SuspensionPlannerTest;
import org.junit.jupiter.api.Test;

/**
 * What the runtime learns of a woven method's frames ({@link MethodWeaver#layout}): per resume point its
 * line and how many primitive and reference values its save block stores; a known null is not stored.
 */
class ResumeLayoutTest {

    @Test
    void countsTheStoredValuesOfEachPoint() throws Exception {
        MethodFixture f = MethodFixture.staticMethod("(ILjava/lang/String;)Ljava/lang/Object;")
                .insn(ACONST_NULL).var(ASTORE, 2)
                .line(3).var(ILOAD, 0).call(INVOKESTATIC, "fixture/Owner", "s", "()I").mark("first").insn(IADD).insn(POP)
                .line(4).call(INVOKESTATIC, "fixture/Owner", "s", "()V").mark("second")
                .var(ALOAD, 1).insn(POP).var(ALOAD, 2).insn(ARETURN).maxs(2, 3);
        ResumeLayout layout = MethodWeaver.layout(SuspensionPlannerTest.plan(f, "first", "second"));
        assertEquals("Owner.java", layout.sourceFile());
        assertArrayEquals(new int[] {3, 4}, layout.lines());
        // first: the int under the call; the string (the null in slot 2 is not stored)
        assertArrayEquals(new int[] {1, 0}, layout.prims());
        assertArrayEquals(new int[] {1, 1}, layout.refs());
    }
}
