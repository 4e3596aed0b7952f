package io.jcoro.weaver.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

class ClassHierarchyTest {
    private static final String P = "io/jcoro/weaver/hierarchy/Fixtures$";
    private final ClassHierarchy hierarchy =
            ClassHierarchy.uncached(ClassHierarchyTest.class.getClassLoader(), SuspendableDeclarations.NONE);

    @Test
    void readsSuperclassAndInterfacesFromBytes() {
        ClassInfo derived = hierarchy.get(P + "Derived");
        assertEquals(P + "Base", derived.superName());
        assertEquals(java.util.List.of("java/io/Serializable"), derived.interfaces());
        assertTrue(hierarchy.isInterface(P + "Service"));
        assertFalse(hierarchy.isInterface(P + "Base"));
    }

    /**
     * A loader that keeps its class files in memory answers getResourceAsStream and has no URL for them
     * (getResource says null): the hierarchy must still see its classes, or an override in them goes
     * unwoven. The differential fuzzer's loader is one of these.
     */
    @Test
    void readsClassFilesALoaderServesOnlyAsStreams() throws Exception {
        String inMemoryName = "com/example/inmemory/Derived";
        byte[] inMemoryBytes = renamed(P + "Derived", inMemoryName);
        ClassLoader inMemory = new ClassLoader(ClassHierarchyTest.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals(inMemoryName + ".class")
                        ? new ByteArrayInputStream(inMemoryBytes)
                        : super.getResourceAsStream(name);
            }
        };
        assertNull(inMemory.getResource(inMemoryName + ".class"), "the premise: no URL for an in-memory class");
        ClassHierarchy inMemoryHierarchy = ClassHierarchy.uncached(inMemory, SuspendableDeclarations.NONE);
        ClassInfo derived = inMemoryHierarchy.get(inMemoryName);
        assertEquals(P + "Base", derived == null ? null : derived.superName());
        assertTrue(new SuspendableOracle(inMemoryHierarchy).isSuspendable(inMemoryName, "fetch", "(I)I"),
                "an override two levels down, seen through the loader's streams");
    }

    private static byte[] renamed(String from, String to) throws IOException {
        byte[] original;
        try (InputStream in = ClassHierarchyTest.class.getClassLoader().getResourceAsStream(from + ".class")) {
            original = in.readAllBytes();
        }
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(original).accept(new ClassRemapper(
                writer, new SimpleRemapper(from, to)), 0);
        return writer.toByteArray();
    }

    @Test
    void unknownClassesAreNullNotErrors() {
        assertNull(hierarchy.get("com/example/DoesNotExist"));
        assertEquals("java/lang/Object", hierarchy.commonSuperClass("com/example/DoesNotExist", P + "Base"));
    }

    @Test
    void commonSuperClassWalksUpFromBytes() {
        assertEquals(P + "Base", hierarchy.commonSuperClass(P + "Derived", P + "OtherDerived"));
        assertEquals(P + "Base", hierarchy.commonSuperClass(P + "Base", P + "Derived"));
        assertEquals("java/lang/Number", hierarchy.commonSuperClass("java/lang/Integer", "java/lang/Long"));
        assertEquals("java/lang/Object", hierarchy.commonSuperClass(P + "Derived", "java/lang/String"));
        assertTrue(hierarchy.isSubclassOf(P + "Derived", P + "Service"));
        assertTrue(hierarchy.isSubclassOf(P + "Derived", "java/io/Serializable"));
    }

    @Test
    void commonSuperTypeOfArrays() {
        Type derivedArray = Type.getType("[L" + P + "Derived;");
        Type otherArray = Type.getType("[L" + P + "OtherDerived;");
        assertEquals(Type.getType("[L" + P + "Base;"), hierarchy.commonSuperType(derivedArray, otherArray));
        assertEquals(Type.getObjectType("java/lang/Object"),
                hierarchy.commonSuperType(Type.getType("[I"), Type.getType("[J")));
        assertEquals(Type.getType("[Ljava/lang/Object;"),
                hierarchy.commonSuperType(Type.getType("[[I"), Type.getType("[Ljava/lang/String;")));
        assertEquals(Type.getObjectType("java/lang/Object"),
                hierarchy.commonSuperType(Type.getType("[I"), Type.getType("[[Ljava/lang/String;")));
        assertEquals(Type.getObjectType("java/lang/Object"),
                hierarchy.commonSuperType(Type.getType("[I"), Type.getObjectType("java/lang/String")));
    }

    @Test
    void oracleFollowsAnnotationsThroughOverridesAndBridges() {
        SuspendableOracle oracle = new SuspendableOracle(hierarchy);
        assertTrue(oracle.isSuspendable(P + "Service", "fetch", "(I)I"));
        assertTrue(oracle.isSuspendable(P + "Base", "fetch", "(I)I"), "implementation of an annotated method");
        assertTrue(oracle.isSuspendable(P + "Derived", "fetch", "(I)I"), "override two levels down");
        assertFalse(oracle.isSuspendable(P + "Derived", "plain", "()I"));
        assertTrue(oracle.isSuspendable(P + "StringTask", "call", "()Ljava/lang/Object;"), "the bridge");
        assertTrue(oracle.isSuspendable(P + "StringTask", "call", "()Ljava/lang/String;"), "the generic override");
        assertFalse(oracle.isSuspendable(P + "Derived", "<init>", "()V"));
        assertFalse(oracle.isSuspendable("java/lang/Runnable", "run", "()V"));
        assertTrue(oracle.hasSuspendableInHierarchy(P + "OtherDerived"));
        assertFalse(oracle.hasSuspendableInHierarchy(P + "Unrelated"));
    }

    @Test
    void declarationsFileEntriesMakeMethodsSuspendable() {
        SuspendableDeclarations declared = new SuspendableDeclarations(java.util.Set.of(P + "Unrelated#work"));
        SuspendableOracle oracle = new SuspendableOracle(
                ClassHierarchy.uncached(ClassHierarchyTest.class.getClassLoader(), declared));
        assertTrue(oracle.isSuspendable(P + "Unrelated", "work", "()I"));
    }

    @Test
    void aStarEntryMakesEveryMethodTheClassDeclaresSuspendable() {
        SuspendableDeclarations declared = new SuspendableDeclarations(java.util.Set.of(P + "Callback#*"));
        SuspendableOracle oracle = new SuspendableOracle(
                ClassHierarchy.uncached(ClassHierarchyTest.class.getClassLoader(), declared));
        assertTrue(oracle.isSuspendable(P + "Callback", "onEvent", "(I)I"));
        assertTrue(oracle.isSuspendable(P + "Callback", "helper", "(I)I"), "a private method");
        assertTrue(oracle.isSuspendable(P + "Callback", "create", "()L" + P + "Callback;"), "a static method");
        assertFalse(oracle.isSuspendable(P + "Callback", "<init>", "()V"));
        assertTrue(oracle.isSuspendable(P + "CallbackSubclass", "onEvent", "(I)I"), "an override, as with any declaration");
        assertFalse(oracle.isSuspendable(P + "CallbackSubclass", "own", "()I"), "the subclass's own methods are not declared");
        assertFalse(oracle.isSuspendable(P + "Callback", "hashCode", "()I"), "inherited from Object, not declared in Callback");
        assertTrue(oracle.hasSuspendableInHierarchy(P + "Callback"));
        assertFalse(oracle.hasSuspendableInHierarchy(P + "Unrelated"));
    }
}
