package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class QuickScanTest {
    private final SuspendableOracle oracle = new SuspendableOracle(
            ClassHierarchy.uncached(QuickScanTest.class.getClassLoader(), SuspendableDeclarations.NONE));

    @Test
    void skipsClassesWithNothingSuspendableInReach() throws IOException {
        assertFalse(QuickScan.mayNeedTransform(bytes(fixtures.Plain.class), oracle));
        assertFalse(QuickScan.mayNeedTransform(bytes(String.class), oracle));
    }

    @Test
    void keepsClassesThatOverrideOrCallSuspendableMethods() throws IOException {
        assertFalse(QuickScan.contains(bytes(fixtures.Overrider.class), "io/jcoro/".getBytes()), "fixture premise");
        assertTrue(QuickScan.mayNeedTransform(bytes(fixtures.Overrider.class), oracle));
        assertTrue(QuickScan.mayNeedTransform(bytes(fixtures.Caller.class), oracle));
        assertTrue(QuickScan.mayNeedTransform(bytes(fixtures.LambdaMaker.class), oracle));
        assertTrue(QuickScan.mayNeedTransform(bytes(fixtures.AnnotatedOnly.class), oracle), "mentions io/jcoro/");
    }

    @Test
    void aClassUnderIoJcoroIsNotKeptForItsOwnName() throws IOException {
        // this test class names io/jcoro/ only by its own name and calls nothing suspendable
        assertFalse(QuickScan.mayNeedTransform(bytes(QuickScanTest.class), oracle));
    }

    @Test
    void aStarDeclarationKeepsClassesThatUseTheDeclaredClass() throws IOException {
        SuspendableOracle declared = new SuspendableOracle(ClassHierarchy.uncached(QuickScanTest.class.getClassLoader(),
                new SuspendableDeclarations(java.util.Set.of("java/util/function/IntSupplier#*"))));
        assertTrue(QuickScan.mayNeedTransform(bytes(fixtures.Plain.class), declared), "makes and calls an IntSupplier");
        assertFalse(QuickScan.mayNeedTransform(bytes(String.class), declared));
    }

    static byte[] bytes(Class<?> c) throws IOException {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
