package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import io.jcoro.weaver.transform.AnnotationPolicy;
import io.jcoro.weaver.transform.ClassTransformer;
import io.jcoro.weaver.transform.QuickScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's quick scan against its full transform over every class of the examples and of these
 * tests (both compiled with javac as a user would): whenever the scan says a class needs nothing, the
 * full transform changes nothing and reports no method. These classes all name {@code io/jcoro/} (their
 * package), which alone makes the agent keep them, so the scan is asked without that shortcut. Run without declarations and with the
 * third-party pipeline declared suspendable (what {@code SuspendablesFileIT} puts in a
 * META-INF/jcoro/suspendables file), where classes that never name jcoro must be kept.
 */
class QuickScanExamplesTest {
    private static final ClassLoader LOADER = QuickScanExamplesTest.class.getClassLoader();

    @Test
    void examplesWithoutDeclarations() throws Exception {
        Map<String, byte[]> classes = classes();
        int passed = compare(classes, SuspendableDeclarations.NONE);
        assertTrue(passed > 0 && passed < classes.size(), passed + " of " + classes.size() + " passed by");
    }

    @Test
    void examplesWithTheThirdPartyPipelineDeclared() throws Exception {
        SuspendableDeclarations declared = new SuspendableDeclarations(Set.of(
                "io/jcoro/examples/tooling/thirdparty/Stage#apply", "io/jcoro/examples/tooling/thirdparty/Pipeline#*"));
        compare(classes(), declared);
        String pipeline = "io/jcoro/examples/tooling/thirdparty/Pipeline.class";
        byte[] bytes = classes().get(pipeline);
        assertFalse(QuickScan.reachesSuspendable(bytes, new SuspendableOracle(
                ClassHierarchy.uncached(LOADER, SuspendableDeclarations.NONE))), "undeclared, the pipeline needs nothing");
        assertTrue(QuickScan.reachesSuspendable(bytes, new SuspendableOracle(ClassHierarchy.uncached(LOADER, declared))),
                "declared, it is kept although it never names jcoro");
    }

    private static int compare(Map<String, byte[]> classes, SuspendableDeclarations declarations)
            throws TransformException {
        SuspendableOracle scanOracle = new SuspendableOracle(ClassHierarchy.uncached(LOADER, declarations));
        int passed = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            // every class here names io/jcoro/ (its own package), which alone keeps it: ask without that shortcut
            if (QuickScan.reachesSuspendable(e.getValue(), scanOracle)) {
                continue;
            }
            passed++;
            ClassHierarchy full = ClassHierarchy.uncached(LOADER, declarations);
            ClassTransformer.Result result = new ClassTransformer(full, new AnnotationPolicy(new SuspendableOracle(full)))
                    .transform(e.getValue(), new io.jcoro.agent.AgentRegistration(LOADER));
            assertTrue(result.bytes() == null, e.getKey() + ": passed by, but the full transform changes it");
            assertEquals(List.of(), result.outcomes(), e.getKey());
        }
        return passed;
    }

    /** The examples (main) and these tests' classes, by path. */
    static Map<String, byte[]> classes() {
        Map<String, byte[]> classes = new TreeMap<>();
        for (Class<?> member : List.of(io.jcoro.examples.Demo.class, QuickScanExamplesTest.class)) {
            Path root;
            try {
                root = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    classes.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classes;
    }
}
