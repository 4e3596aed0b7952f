package io.jcoro.weaver.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
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

    /**
     * A class read ahead (not loaded yet) that names no io/jcoro/ gets a light info from the header of
     * its class file alone: constant pool to interfaces, not the methods and their code. Its methods are
     * read when first asked for. The loader serves its streams in small pieces, as an inflating stream
     * may.
     */
    @Test
    void readsOnlyTheHeaderOfAClassReadAheadThatNamesNoJcoro() throws Exception {
        String name = "com/google/common/collect/ImmutableList";
        byte[] bytes = resource(name);
        int[] delivered = {0};
        ClassLoader counting = new ClassLoader(ClassHierarchyTest.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String resource) {
                return resource.equals(name + ".class") ? trickle(bytes, delivered) : super.getResourceAsStream(resource);
            }
        };
        ClassHierarchy h = ClassHierarchy.uncached(counting, SuspendableDeclarations.NONE);
        ClassInfo info = h.get(name);
        ClassReader reader = new ClassReader(bytes);
        assertEquals(reader.getSuperName(), info.superName());
        assertEquals(java.util.Arrays.asList(reader.getInterfaces()), info.interfaces());
        assertTrue(info.isLight());
        assertTrue(delivered[0] < bytes.length * 3 / 4, delivered[0] + " of " + bytes.length + " bytes read");
        assertFalse(new SuspendableOracle(h).hasSuspendableInHierarchy(name));
        assertTrue(info.declares("of()Lcom/google/common/collect/ImmutableList;"), "methods read when asked for");
        assertTrue(delivered[0] >= bytes.length);
    }

    /**
     * A class a declarations file names has its methods read at once, though it names no io/jcoro/ (a
     * light info would say it declares nothing): the header read first must not stop there.
     */
    @Test
    void aClassReadAheadThatADeclarationsFileNamesIsReadWhole() {
        String joiner = "com/google/common/base/Joiner";
        SuspendableDeclarations declared = new SuspendableDeclarations(java.util.Set.of(joiner + "#join"));
        SuspendableOracle oracle = new SuspendableOracle(
                ClassHierarchy.uncached(ClassHierarchyTest.class.getClassLoader(), declared));
        assertTrue(oracle.hasSuspendableInHierarchy(joiner));
        assertTrue(oracle.isSuspendable(joiner, "join", "(Ljava/lang/Iterable;)Ljava/lang/String;"));
        assertFalse(oracle.isSuspendable(joiner, "skipNulls", "()Lcom/google/common/base/Joiner;"));
    }

    /** A class file cut short inside its header is malformed, as it was when read whole: no info. */
    @Test
    void aClassFileCutShortInItsHeaderIsNoClass() throws Exception {
        String name = "com/google/common/collect/ImmutableList";
        byte[] bytes = resource(name);
        for (int cut : new int[] {0, 9, 10, 200, ClassFileScan.readHeader(new ByteArrayInputStream(bytes)).length - 1}) {
            byte[] shortFile = java.util.Arrays.copyOf(bytes, cut);
            ClassLoader cutting = new ClassLoader(ClassHierarchyTest.class.getClassLoader()) {
                @Override
                public InputStream getResourceAsStream(String resource) {
                    return resource.equals(name + ".class") ? trickle(shortFile, new int[1]) : super.getResourceAsStream(resource);
                }
            };
            assertNull(ClassHierarchy.uncached(cutting, SuspendableDeclarations.NONE).get(name), "cut at " + cut);
        }
    }

    /** A stream of {@code bytes} that gives at most 7 bytes a read and counts what it gave. */
    private static InputStream trickle(byte[] bytes, int[] delivered) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, Math.min(len, 7));
                delivered[0] += Math.max(n, 0);
                return n;
            }

            @Override
            public synchronized int read() {
                int c = super.read();
                delivered[0] += c < 0 ? 0 : 1;
                return c;
            }

            @Override
            public synchronized byte[] readAllBytes() {
                delivered[0] += available();
                return super.readAllBytes();
            }
        };
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ClassHierarchyTest.class.getClassLoader().getResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
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

    @Test
    void theCacheLetsALoaderBeCollected() throws Exception {
        WeakReference<ClassLoader> loader = aLoaderWhoseHierarchyIsCached();
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(loader.get(), "the hierarchy cached for a loader keeps the loader alive");
    }

    @Test
    void anUncachedHierarchyKeepsItsLoader() throws Exception {
        ClassHierarchy uncached = ClassHierarchy.uncached(
                new URLClassLoader(new URL[0], ClassHierarchyTest.class.getClassLoader()), SuspendableDeclarations.NONE);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        // its caller kept no reference to the loader: a build's weaving does not have to
        assertNotNull(uncached.loader());
        assertNotNull(uncached.get(P + "Callback"));
    }

    private static WeakReference<ClassLoader> aLoaderWhoseHierarchyIsCached() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], ClassHierarchyTest.class.getClassLoader())) {
            ClassHierarchy h = ClassHierarchy.of(loader);
            assertSame(h, ClassHierarchy.of(loader));
            assertNotNull(h.get(P + "Callback"), "read through the loader");
            return new WeakReference<>(loader);
        }
    }
}
