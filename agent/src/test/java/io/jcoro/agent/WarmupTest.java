package io.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jcoro.weaver.hierarchy.ClassFileScan;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import io.jcoro.weaver.transform.QuickScan;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/** The class the agent warms its pass-by path with is a well-formed plain class that an application could have. */
class WarmupTest {
    @Test
    void thePlainClassIsAWellFormedClassFileThatNamesNothingOfJcoro() {
        byte[] plain = Warmup.plainClassFile();
        ClassReader reader = new ClassReader(plain);
        assertEquals(Warmup.PLAIN, reader.getClassName());
        assertEquals("java/lang/Object", reader.getSuperName());
        assertArrayEquals(new String[0], reader.getInterfaces());
        assertEquals(Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, reader.getAccess());
        java.io.StringWriter problems = new java.io.StringWriter();
        CheckClassAdapter.verify(reader, false, new java.io.PrintWriter(problems));
        assertEquals("", problems.toString());

        ClassFileScan scan = ClassFileScan.of(plain);
        assertFalse(scan.mentionsJcoro(), "it takes the path of an application's class, not a full parse");
        assertFalse(QuickScan.mayNeedTransform(plain, new SuspendableOracle(
                ClassHierarchy.uncached(WarmupTest.class.getClassLoader(), SuspendableDeclarations.NONE))));
    }
}
