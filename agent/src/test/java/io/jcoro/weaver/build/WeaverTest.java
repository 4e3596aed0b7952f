package io.jcoro.weaver.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeaverTest {
    @TempDir
    Path tmp;

    private static Weaver weaver() {
        return new Weaver(List.of(Fixtures.api()));
    }

    private static boolean same(Path a, Path b) throws IOException {
        return Files.mismatch(a, b) == -1L;
    }

    @Test
    void directoryToANewDirectory() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        WeaveReport report = weaver().weave(in, out);

        assertEquals(2, report.classesSeen(), report::summary);
        assertEquals(1, report.classesWoven(), report::summary);
        assertEquals(1, report.wovenMethods(), report::summary);
        assertEquals(List.of(), report.errors());
        assertFalse(same(in.resolve("w/Counter.class"), out.resolve("w/Counter.class")), "Counter is woven");
        assertTrue(same(in.resolve("w/Plain.class"), out.resolve("w/Plain.class")), "Plain is copied byte for byte");
        assertTrue(same(in.resolve("w/data.txt"), out.resolve("w/data.txt")), "resources are copied");
        for (String f : List.of("w/Counter.class", "w/Plain.class", "w/data.txt")) {
            assertEquals(Fixtures.TIME, Files.getLastModifiedTime(out.resolve(f)), f + " keeps its time");
        }
        assertEquals(List.of("in", "in-src", "out"), Fixtures.list(tmp), "no temporary directory left");
    }

    /** A build reports a malformed suspendables line with the rest of its run, not through a logger. */
    @Test
    void aMalformedLineOfASuspendablesFileOnTheClassPathIsAWarningOfTheRun() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Path library = tmp.resolve("library");
        Files.createDirectories(library.resolve("META-INF/jcoro"));
        Files.writeString(library.resolve("META-INF/jcoro/suspendables"), "com.example.Ok#run\ncom.example.Bad#ru*\n");
        WeaveReport report = new Weaver(List.of(Fixtures.api(), library)).weave(in, tmp.resolve("out"));

        assertEquals(List.of(), report.errors());
        assertEquals(1, report.warnings().size(), report::summary);
        String warning = report.warnings().get(0);
        assertTrue(warning.contains("META-INF/jcoro/suspendables line 2: ignored 'com.example.Bad#ru*'"), warning);
        assertTrue(report.summary().endsWith(", 1 warnings"), report.summary());
    }

    @Test
    void withoutTheRuntimeOnTheClassPathTheWeaverSaysSoInsteadOfWeavingNothing() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(List.of()).weave(in, out));
        assertTrue(e.getMessage().contains("jcoro-continuation-api is not on the class path"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void directoryInPlace() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        byte[] counter = Files.readAllBytes(in.resolve("w/Counter.class"));
        byte[] plain = Files.readAllBytes(in.resolve("w/Plain.class"));
        WeaveReport report = weaver().weave(in, in);

        assertEquals(1, report.classesWoven(), report::summary);
        assertFalse(java.util.Arrays.equals(counter, Files.readAllBytes(in.resolve("w/Counter.class"))));
        assertArrayEquals(plain, Files.readAllBytes(in.resolve("w/Plain.class")));
        assertEquals(List.of("Counter.class", "Plain.class", "data.txt"), Fixtures.list(in.resolve("w")));
        assertEquals(List.of("in", "in-src"), Fixtures.list(tmp), "no temporary directory left");
    }

    @Test
    void jarToJarKeepsOrderTimesManifestAndWeavesMultiReleaseClasses() throws Exception {
        Path classes = Fixtures.classes(tmp.resolve("classes"));
        Path in = Fixtures.jar(classes, tmp.resolve("in.jar"));
        Path out = tmp.resolve("out.jar");
        WeaveReport report = weaver().weave(in, out);

        assertEquals(3, report.classesSeen(), report::summary);
        assertEquals(2, report.classesWoven(), "Counter and its META-INF/versions copy: " + report.summary());
        assertEquals(names(in), names(out));
        assertEquals(JarFile.MANIFEST_NAME, names(out).get(0));
        try (ZipFile a = new ZipFile(in.toFile()); ZipFile b = new ZipFile(out.toFile())) {
            for (ZipEntry e : Collections.list(a.entries())) {
                ZipEntry w = b.getEntry(e.getName());
                assertEquals(e.getTime(), w.getTime(), e.getName() + "'s time");
                assertEquals(e.getMethod(), w.getMethod(), e.getName() + "'s compression");
                boolean woven = e.getName().endsWith("Counter.class");
                assertEquals(!woven, java.util.Arrays.equals(read(a, e), read(b, w)), e.getName());
            }
        }
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(out))) {
            assertNotNull(jar.getManifest(), "the manifest is where JarInputStream finds it");
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
        }
    }

    /**
     * The jar writing is reproducible: same entries, times and bytes. (Only classes that need no weaving
     * here: the agent's transform numbers suspension sites with a counter global to the JVM, so a class
     * woven twice in one JVM differs; the build-time transform is to number them per class.)
     */
    @Test
    void writingTheSameJarTwiceGivesTheSameBytes() throws Exception {
        Path classes = Fixtures.classes(tmp.resolve("classes"));
        Files.delete(classes.resolve("w/Counter.class"));
        Files.copy(classes.resolve("w/Plain.class"), classes.resolve("w/Counter.class"));
        Path in = Fixtures.jar(classes, tmp.resolve("in.jar"));
        weaver().weave(in, tmp.resolve("a.jar"));
        Thread.sleep(2100); // a time taken from the clock would differ now (zip times have 2 s steps)
        weaver().weave(in, tmp.resolve("b.jar"));
        assertTrue(same(tmp.resolve("a.jar"), tmp.resolve("b.jar")), "a reproducible build");
    }

    @Test
    void jarInPlace() throws Exception {
        Path classes = Fixtures.classes(tmp.resolve("classes"));
        Path jar = Fixtures.jar(classes, tmp.resolve("app.jar"));
        Path copy = Files.copy(jar, tmp.resolve("copy.jar"));
        WeaveReport report = weaver().weave(jar, jar);

        assertEquals(2, report.classesWoven(), report::summary);
        assertFalse(same(jar, copy));
        assertEquals(names(copy), names(jar));
        assertEquals(List.of("app.jar", "classes", "classes-src", "copy.jar"), Fixtures.list(tmp), "no temporary file left");
    }

    @Test
    void directoryToJarAndJarToDirectory() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Path jar = tmp.resolve("woven.jar");
        assertEquals(1, weaver().weave(in, jar).classesWoven());
        assertEquals(List.of("w/Counter.class", "w/Plain.class", "w/data.txt"), names(jar));

        Path dir = tmp.resolve("unpacked");
        assertEquals(1, weaver().weave(Fixtures.jar(in, tmp.resolve("plain.jar")), dir).classesWoven() - 1);
        assertTrue(Files.isRegularFile(dir.resolve("META-INF/MANIFEST.MF")));
        assertTrue(Files.isRegularFile(dir.resolve("META-INF/versions/17/w/Counter.class")));
        assertTrue(same(in.resolve("w/data.txt"), dir.resolve("w/data.txt")));
    }

    @Test
    void aRefusedMethodFailsWithItsMessageAndWritesNothing() throws Exception {
        Path in = Fixtures.writeOdd(Fixtures.classes(tmp.resolve("in")));
        Path out = tmp.resolve("out");
        WeaveException e = assertThrows(WeaveException.class, () -> weaver().weave(in, out));

        assertEquals(1, e.messages().size(), e::getMessage);
        String m = e.messages().get(0);
        assertTrue(m.startsWith("w.Odd.call()Ljava/lang/Object;: REFUSED"), m);
        assertTrue(m.contains("line " + Fixtures.ODD_LINE), "names the source line: " + m);
        assertTrue(e.getMessage().contains(m), e.getMessage());
        assertFalse(Files.exists(out), "no output");
        assertEquals(List.of("in", "in-src"), Fixtures.list(tmp), "no temporary directory left");
    }

    @Test
    void aRefusedMethodInPlaceLeavesTheInputAsItWas() throws Exception {
        Path in = Fixtures.writeOdd(Fixtures.classes(tmp.resolve("in")));
        byte[] counter = Files.readAllBytes(in.resolve("w/Counter.class"));
        assertThrows(WeaveException.class, () -> weaver().weave(in, in));
        assertArrayEquals(counter, Files.readAllBytes(in.resolve("w/Counter.class")), "Counter not woven either");
        assertEquals(List.of("in", "in-src"), Fixtures.list(tmp));
    }

    @Test
    void withoutFailingARefusedMethodIsReportedAndTheRestWoven() throws Exception {
        Path in = Fixtures.writeOdd(Fixtures.classes(tmp.resolve("in")));
        Path out = tmp.resolve("out");
        WeaveReport report = weaver().failOnError(false).weave(in, out);

        assertEquals(1, report.refusedMethods().size(), report::summary);
        assertTrue(report.refusedMethods().get(0).startsWith("w.Odd.call"), report.refusedMethods()::toString);
        assertEquals(3, report.classesSeen());
        assertTrue(Files.isRegularFile(out.resolve("w/Odd.class")));
        assertFalse(same(in.resolve("w/Counter.class"), out.resolve("w/Counter.class")));
    }

    @Test
    void aMissingInput() {
        Path in = tmp.resolve("nowhere");
        WeaveException e = assertThrows(WeaveException.class, () -> weaver().weave(in, tmp.resolve("out")));
        assertEquals("jcoro weave: the input " + in + " does not exist", e.getMessage());
    }

    @Test
    void anInputThatIsNeitherADirectoryNorAJar() throws IOException {
        Path in = Files.writeString(tmp.resolve("notes.txt"), "hello");
        WeaveException e = assertThrows(WeaveException.class, () -> weaver().weave(in, tmp.resolve("out")));
        assertEquals("jcoro weave: the input " + in + " is neither a directory nor a jar", e.getMessage());
    }

    @Test
    void anOutputThatIsAnotherKindOfFile() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Path out = Files.writeString(tmp.resolve("notes.txt"), "hello");
        WeaveException e = assertThrows(WeaveException.class, () -> weaver().weave(in, out));
        assertTrue(e.getMessage().contains("neither a directory nor a jar"), e.getMessage());
        assertEquals("hello", Files.readString(out));
    }

    @Test
    void anUnreadableClassFileIsNamed() throws Exception {
        Path in = Fixtures.classes(tmp.resolve("in"));
        Files.write(in.resolve("w/Broken.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61, 0, 9});
        Files.writeString(in.resolve("w/Text.class"), "not a class");
        WeaveException e = assertThrows(WeaveException.class, () -> weaver().weave(in, tmp.resolve("out")));
        assertEquals(2, e.messages().size(), e::getMessage);
        assertTrue(e.messages().get(0).startsWith("w/Broken.class: not a readable class file"), e::getMessage);
        assertEquals("w/Text.class: not a readable class file (no class file header)", e.messages().get(1));
    }

    /** The advice every warning about a missing type ends with. */
    private static final String ADD_IT = " not on the weave class path, so a suspension through it will fail at run "
            + "time; add the library that has it to --classpath (jcoro-maven-plugin weaves with the project's compile "
            + "class path: make it a dependency)";

    private static String missing(String method, String type) {
        return method + " calls suspendable code but is left unwoven: whether it may suspend depends on " + type
                + ", which is" + ADD_IT;
    }

    @Test
    void callbacksOfALibraryThatDeclaresThemSuspendableAreWovenWithTheLibraryOnTheClassPath() throws Exception {
        Path lib = Fixtures.library(tmp.resolve("lib"));
        Path in = Fixtures.libraryUser(tmp.resolve("in"), lib);
        List<String> lines = new ArrayList<>();
        WeaveReport report = new Weaver(List.of(Fixtures.api(), lib)).verbose(lines::add).weave(in, tmp.resolve("out"));

        assertEquals(List.of(), report.warnings(), report::summary);
        assertEquals(4, report.wovenMethods(), () -> String.join("\n", lines));
        assertEquals(2, report.guardedMethods(), "the Runnable lambda and the unannotated method: " + lines);
        for (String woven : List.of("app.Callbacks.lambda$lambda$0(Ljava/lang/String;)Ljava/lang/String;: WOVEN",
                "app.Callbacks.shout(Ljava/lang/String;)Ljava/lang/String;: WOVEN",
                "app.Exclaim.apply(Ljava/lang/String;)Ljava/lang/String;: WOVEN", "app.Greeter.handle()V: WOVEN")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + woven)), woven + " in\n" + String.join("\n", lines));
        }
    }

    /**
     * Without the library, the weaver cannot see that the callbacks are suspendable: it guards them,
     * and the program would fail only when it runs, blaming the interface. The run warns, once per
     * method, naming the method and the type it misses; it guards only what it guards with the library
     * too (a lambda of a JDK interface, an unannotated method whose class has all its supertypes)
     * without a word.
     */
    @Test
    void aCallbackWhoseLibraryIsNotOnTheClassPathIsNamedWithTheMissingType() throws Exception {
        Path lib = Fixtures.library(tmp.resolve("lib"));
        Path in = Fixtures.libraryUser(tmp.resolve("in"), lib);
        WeaveReport report = weaver().weave(in, tmp.resolve("out"));

        assertEquals(0, report.wovenMethods(), report::summary);
        assertEquals(6, report.guardedMethods(), report::summary);
        assertEquals(List.of(), report.errors(), "a warning, not an error: the run succeeds");
        assertEquals(List.of(
                missing("app.Callbacks.lambda$lambda$0(Ljava/lang/String;)Ljava/lang/String;", "lib.Stage"),
                missing("app.Callbacks.shout(Ljava/lang/String;)Ljava/lang/String;", "lib.Stage"),
                missing("app.Exclaim.apply(Ljava/lang/String;)Ljava/lang/String;", "lib.Stage"),
                missing("app.Greeter.handle()V", "lib.Handler")), report.warnings());
        assertTrue(report.summary().endsWith(", 4 warnings"), report::summary);
    }

    private static List<String> names(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
        if (e.isDirectory()) {
            return new byte[0];
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
