package io.jcoro.weaver.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassFileScan;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * The quick scan against the full transform, over real class files: every class of guava, of
 * commons-lang3, and every class of the agent's own tests (the fixtures with suspendable hierarchies,
 * callers, lambdas, chains). Whenever the scan says a class needs nothing, the full transform, run on a
 * hierarchy of its own, must change nothing (no bytes, no method outcome, nothing the runtime is told
 * about calls from code not woven). And the constant-pool scan reads the same header and method
 * references as ASM.
 */
class QuickScanDifferentialTest {
    private static final ClassLoader LOADER = QuickScanDifferentialTest.class.getClassLoader();

    @Test
    void guavaNeedsNothingAndTheFullTransformAgrees() throws TransformException {
        Map<String, byte[]> classes = jar(com.google.common.collect.ImmutableList.class);
        int passed = compare(classes, SuspendableDeclarations.NONE);
        assertEquals(classes.size(), passed, "guava has no suspendable code: the scan passes every class by");
    }

    @Test
    void commonsLangNeedsNothingAndTheFullTransformAgrees() throws TransformException {
        Map<String, byte[]> classes = jar(org.apache.commons.lang3.StringUtils.class);
        assertEquals(classes.size(), compare(classes, SuspendableDeclarations.NONE));
    }

    @Test
    void theAgentsTestClassesAgreeWithTheFullTransform() throws TransformException {
        Map<String, byte[]> classes = directory(QuickScanDifferentialTest.class);
        int passed = compare(classes, SuspendableDeclarations.NONE);
        assertTrue(passed < classes.size(), "some test classes need weaving");
        assertTrue(passed > 0, "some test classes need nothing");
    }

    @Test
    void withPlatformDeclarationsTheScanStillNeverMissesAChange() throws TransformException {
        SuspendableDeclarations declarations = new SuspendableDeclarations(Set.of(
                "java/util/function/Function#apply", "java/util/function/IntSupplier#*", "java/lang/Runnable#run",
                "com/google/common/base/Function#apply"));
        compare(directory(QuickScanDifferentialTest.class), declarations);
        Map<String, byte[]> guava = jar(com.google.common.collect.ImmutableList.class);
        int passed = compare(guava, declarations);
        assertTrue(passed < guava.size(), "guava calls Function.apply and Runnable.run, so some classes are kept");
    }

    /** Names that are not ASCII (two- and three-byte chars, and NUL's two bytes) decode as ASM decodes them. */
    @Test
    void theScanDecodesNamesThatAreNotAscii() {
        String name = "p/\u00dcn\u00efc\u00f6de\u20ac\u0000x";
        String superName = "q/\u4e2d\u6587";
        String iface = "r/\u00e9t\u00e9";
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        writer.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, name, null, superName,
                new String[] {iface});
        writer.visitEnd();
        ClassFileScan scan = ClassFileScan.of(writer.toByteArray());
        assertEquals(name, scan.name());
        assertEquals(superName, scan.superName());
        assertArrayEquals(new String[] {iface}, scan.interfaces());
    }

    /** The search for io/jcoro/ in the constant pool's strings, at their edges and after near misses. */
    @Test
    void theScanFindsJcoroWhereverAStringHasIt() {
        for (String text : List.of("io/jcoro/", "io/jcoro", "o/jcoro/", "io/jcoro/X", "Lio/jcoro/Suspendable;",
                "xxio/jcoro/", "io/io/jcoro/", "iio/jcoro/", "io/jcorio/jcoro/", "io/jcoro.x", "io/jcorO/",
                "(Lcom/example/Io;)Lio/jcoro/Continuation;", "jcoro/io/", "io/jjcoro/", "io/jcoroé/",
                "éio/jcoro/", "/////////io/jcoro/", "oooooooooooo", "abcdefghio/jcoro/")) {
            org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
            writer.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, "p/C", null,
                    "java/lang/Object", null);
            writer.newUTF8(text);
            writer.visitEnd();
            assertEquals(text.contains("io/jcoro/"), ClassFileScan.of(writer.toByteArray()).mentionsJcoro(), text);
        }
    }

    @Test
    void theConstantPoolScanReadsWhatAsmReads() throws IOException {
        List<byte[]> files = new ArrayList<>(jar(com.google.common.collect.ImmutableList.class).values());
        files.addAll(directory(QuickScanDifferentialTest.class).values());
        for (Class<?> c : List.of(String.class, java.util.HashMap.class, java.util.concurrent.ConcurrentHashMap.class,
                java.lang.invoke.MethodHandles.class, Math.class, Character.class)) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                files.add(in.readAllBytes());
            }
        }
        for (byte[] bytes : files) {
            ClassFileScan scan = ClassFileScan.of(bytes);
            ClassReader reader = new ClassReader(bytes);
            assertEquals(reader.getClassName(), scan.name());
            assertEquals(reader.getSuperName(), scan.superName(), scan.name());
            assertArrayEquals(reader.getInterfaces(), scan.interfaces(), scan.name());
            assertEquals(reader.getAccess(), scan.access(), scan.name());
            assertEquals(QuickScan.contains(bytes, "io/jcoro/".getBytes()), scan.mentionsJcoro(), scan.name());
            assertEquals(asmMethodRefs(reader), scan.methodRefs().stream().map(r -> String.join(" ", r)).toList(),
                    scan.name());
            // the owners the quick scan asks about: each once, constructors and arrays left out, and
            // platform classes too unless asked for
            for (boolean withPlatform : new boolean[] {true, false}) {
                java.util.LinkedHashSet<String> owners = new java.util.LinkedHashSet<>();
                for (String[] ref : scan.methodRefs()) {
                    if (ref[1].charAt(0) != '<' && !ref[0].startsWith("[")
                            && (withPlatform || !io.jcoro.weaver.hierarchy.ClassHierarchy.isPlatform(ref[0]))) {
                        owners.add(ref[0]);
                    }
                }
                assertEquals(List.copyOf(owners), scan.methodRefOwners(withPlatform), scan.name() + " " + withPlatform);
            }
            // the header alone (what a class read ahead is read to) scans the same, and is shorter when code follows
            byte[] header = ClassFileScan.readHeader(new java.io.ByteArrayInputStream(bytes));
            ClassFileScan headerScan = ClassFileScan.of(header);
            assertEquals(scan.name(), headerScan.name());
            assertEquals(scan.superName(), headerScan.superName(), scan.name());
            assertArrayEquals(scan.interfaces(), headerScan.interfaces(), scan.name());
            assertEquals(scan.access(), headerScan.access(), scan.name());
            assertEquals(scan.mentionsJcoro(), headerScan.mentionsJcoro(), scan.name());
            assertArrayEquals(java.util.Arrays.copyOf(bytes, header.length), header, scan.name());
            assertTrue(header.length < bytes.length, scan.name());
        }
    }

    /** Returns how many classes the scan passed by; fails when the full transform changes one of them. */
    private static int compare(Map<String, byte[]> classes, SuspendableDeclarations declarations) throws TransformException {
        // one cached hierarchy for the scan, as in the agent (classes passed by are recorded in it)
        SuspendableOracle scanOracle = new SuspendableOracle(ClassHierarchy.uncached(LOADER, declarations));
        int passed = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            if (QuickScan.mayNeedTransform(e.getValue(), scanOracle)) {
                continue;
            }
            passed++;
            ClassHierarchy full = ClassHierarchy.uncached(LOADER, declarations);
            AnnotationPolicy policy = new AnnotationPolicy(new SuspendableOracle(full));
            ClassTransformer.Result result = new ClassTransformer(full, policy).transform(e.getValue(),
                    new io.jcoro.agent.AgentRegistration(LOADER));
            assertTrue(result.bytes() == null, e.getKey() + ": passed by, but the full transform changes it");
            assertEquals(List.of(), result.outcomes(), e.getKey());
            org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
            new ClassReader(e.getValue()).accept(node, 0);
            assertEquals(Set.of(), policy.calledByCodeNotWoven(node), e.getKey());
        }
        return passed;
    }

    private static List<String> asmMethodRefs(ClassReader reader) {
        List<String> refs = new ArrayList<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            int tag = reader.readByte(offset - 1);
            if (tag == 10 || tag == 11) {
                String owner = reader.readClass(offset, buffer);
                int nat = reader.getItem(reader.readUnsignedShort(offset + 2));
                refs.add(owner + " " + reader.readUTF8(nat, buffer) + " " + reader.readUTF8(nat + 2, buffer));
            }
        }
        return refs;
    }

    private static Map<String, byte[]> jar(Class<?> member) {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile file = new JarFile(location(member).toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    try (InputStream in = file.getInputStream(file.getEntry(name))) {
                        classes.put(name, in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    private static Map<String, byte[]> directory(Class<?> member) {
        Path root = location(member);
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                classes.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    private static Path location(Class<?> member) {
        try {
            return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
