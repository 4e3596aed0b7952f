package io.jcoro.weaver.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The META-INF/jcoro/suspendables format, and reading every such file a loader sees. */
class DeclarationFilesTest {
    private static Set<String> parse(String text) throws Exception {
        return parse(text, new ArrayList<>());
    }

    private static Set<String> parse(String text, List<String> warnings) throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        DeclarationFiles.parse(new BufferedReader(new StringReader(text)), "test", entries, warnings::add);
        return entries;
    }

    @Test
    void aMalformedLineIsIgnoredWithAWarningThatNamesTheFileTheLineAndWhatIsWrong() throws Exception {
        List<String> warnings = new ArrayList<>();
        Set<String> entries = parse(String.join("\n", "com.example.Ok#run", "com.example.Bad#ru*", "com.example.Ok#stop extra"),
                warnings);
        assertEquals(Set.of("com/example/Ok#run"), entries);
        assertEquals(List.of(
                "jcoro: test line 2: ignored 'com.example.Bad#ru*': expected owner#method or owner#method(descriptor), "
                        + "e.g. com.example.Stage#process, com.example.Stage#process(Ljava/lang/String;)V or com.example.Stage#*",
                "jcoro: test line 3: ignored 'com.example.Ok#stop extra': text after the entry must be a comment "
                        + "starting with // or #"), warnings);
    }

    @Test
    void entriesTakeBinaryOrInternalOwnersWithOrWithoutADescriptor() throws Exception {
        Set<String> entries = parse(String.join("\n",
                "// a comment",
                "# another comment",
                "   ",
                "com.example.Pipeline#run",
                "com/example/Outer$Inner#call(Ljava/lang/String;[I)Ljava/util/List;",
                "  com.example.Stage#process(I)I   // trailing comment",
                "com.example.Stage#close()V # trailing comment"));
        assertEquals(Set.of("com/example/Pipeline#run",
                "com/example/Outer$Inner#call(Ljava/lang/String;[I)Ljava/util/List;",
                "com/example/Stage#process(I)I",
                "com/example/Stage#close()V"), entries);
    }

    @Test
    void aStarDeclaresAWholeClassWithABinaryOrInternalOwner() throws Exception {
        Set<String> entries = parse(String.join("\n",
                "com.example.lib.Pipeline$1Callback#*",
                "com/example/lib/Stage#*   // every method of Stage"));
        assertEquals(Set.of("com/example/lib/Pipeline$1Callback#*", "com/example/lib/Stage#*"), entries);
    }

    @Test
    void aStarStandsOnlyForTheWholeMethodNameWithoutADescriptor() throws Exception {
        Set<String> entries = parse(String.join("\n",
                "com.example.Star#*(I)V",
                "com.example.Star#ru*",
                "com.example.Star#**",
                "com.example.*#run",
                "*#*",
                "com.example.Ok#*"));
        assertEquals(Set.of("com/example/Ok#*"), entries);
    }

    @Test
    void aStarEntryDeclaresEveryMethodOfItsOwnerButNotConstructorsNorOtherClasses() {
        SuspendableDeclarations declarations = new SuspendableDeclarations(Set.of("com/example/Callback#*"));
        assertTrue(declarations.declares("com/example/Callback", "run()V"));
        assertTrue(declarations.declares("com/example/Callback", "access$000(Lcom/example/Callback;I)I"), "an accessor");
        assertTrue(declarations.declares("com/example/Callback", "lambda$apply$0(Ljava/lang/Object;)Z"));
        assertFalse(declarations.declares("com/example/Callback", "<init>()V"));
        assertFalse(declarations.declares("com/example/Callback", "<clinit>()V"));
        assertFalse(declarations.declares("com/example/Callback$Inner", "run()V"), "a nested class is a class of its own");
        assertFalse(declarations.declares("com/example/Other", "run()V"));
        assertTrue(declarations.mentions("com/example/Callback"));
        assertFalse(declarations.mentions("com/example/Other"));
    }

    @Test
    void malformedLinesAreSkipped() throws Exception {
        Set<String> entries = parse(String.join("\n",
                "com.example.NoMethod",
                "#com.example.Commented#out",
                "com.example.Two#hashes#here",
                "com.example.Bad#desc(Ljava/lang/String)V",
                "com.example.Bad#desc(I)",
                "com.example.Words#after the entry",
                "com..example.Empty#segment",
                "com.example.Ok#fine"));
        assertEquals(Set.of("com/example/Ok#fine"), entries);
    }

    @Test
    void normalizeChecksDescriptors() {
        assertEquals("a/B#m([[JLx/Y;)[Ljava/lang/Object;", DeclarationFiles.normalize("a.B#m([[JLx/Y;)[Ljava/lang/Object;"));
        assertNull(DeclarationFiles.normalize("a.B#m(Q)V"));
        assertNull(DeclarationFiles.normalize("a.B#"));
        assertNull(DeclarationFiles.normalize("#m"));
        assertEquals("a/B$1#*", DeclarationFiles.normalize("a.B$1#*"));
        assertNull(DeclarationFiles.normalize("a.B#*()V"));
        assertNull(DeclarationFiles.normalize("#*"));
    }

    @Test
    void everyFileTheLoaderSeesCountsAndTheHierarchyUsesThem(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (Path root : new Path[] {first, second}) {
            Files.createDirectories(root.resolve("META-INF/jcoro"));
        }
        Files.writeString(first.resolve("META-INF/jcoro/suspendables"), "com.example.A#run\n");
        Files.writeString(second.resolve("META-INF/jcoro/suspendables"),
                "java.util.function.Supplier#get\njava/util/function/IntPredicate#*\n");
        try (URLClassLoader parent = new URLClassLoader(new URL[] {first.toUri().toURL()}, null);
             URLClassLoader child = new URLClassLoader(new URL[] {second.toUri().toURL()}, parent)) {
            SuspendableDeclarations declarations = DeclarationFiles.read(child);
            assertTrue(declarations.declares("com/example/A", "run()V"), "the parent loader's file counts");
            assertTrue(declarations.declares("java/util/function/Supplier", "get()Ljava/lang/Object;"));
            assertFalse(declarations.declares("com/example/A", "other()V"));

            ClassHierarchy hierarchy = ClassHierarchy.of(child);
            assertTrue(new SuspendableOracle(hierarchy).isSuspendable("java/util/function/Supplier", "get",
                    "()Ljava/lang/Object;"), "a declared platform method");
            assertFalse(new SuspendableOracle(ClassHierarchy.of(parent)).isSuspendable("java/util/function/Supplier",
                    "get", "()Ljava/lang/Object;"), "another loader's platform classes are not affected");
            SuspendableOracle oracle = new SuspendableOracle(hierarchy);
            assertTrue(oracle.isSuspendable("java/util/function/IntPredicate", "test", "(I)Z"), "a platform class's *");
            assertTrue(oracle.isSuspendable("java/util/function/IntPredicate", "negate",
                    "()Ljava/util/function/IntPredicate;"), "a default method too");
        }
    }
}
