package io.jcoro.agent.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transforms every class of large real jars with every method suspendable and every call a suspension
 * point, and has HotSpot's verifier check each transformed class: the weaver must produce verifiable
 * code for whatever javac, kotlinc and scalac emitted, including ASM's Java 5 class files (checked by the
 * older, type-inferring verifier). The second test shows the check does catch a VerifyError.
 */
class TransformedJarsVerifyTest {

    @Test
    void everyTransformedClassOfRealJarsPassesTheVerifier() {
        List<JarClasses> jars = List.of(
                JarClasses.containing(com.google.common.collect.ImmutableList.class),
                JarClasses.containing(org.apache.commons.lang3.StringUtils.class),
                JarClasses.containing(org.objectweb.asm.ClassReader.class),
                JarClasses.containing(org.objectweb.asm.tree.ClassNode.class),
                JarClasses.containing(org.objectweb.asm.tree.analysis.Analyzer.class),
                JarClasses.containing(org.objectweb.asm.commons.GeneratorAdapter.class),
                JarClasses.containing(kotlin.collections.CollectionsKt.class),
                JarClasses.containing(scala.collection.immutable.List.class));
        ClassLoader parent = getClass().getClassLoader();

        List<JarReport> reports = new ArrayList<>();
        JarReport total = new JarReport("total");
        for (JarClasses jar : jars) {
            JarReport report = JarVerification.run(jar, parent);
            reports.add(report);
            total.merge(report);
        }
        print(reports, total);

        assertAll(
                () -> assertEquals(0, total.verifyErrors.size(), () -> "VerifyErrors: " + first(total.verifyErrors)),
                () -> assertEquals(0, total.formatErrors.size(), () -> "ClassFormatErrors: " + first(total.formatErrors)),
                () -> assertEquals(0, total.crashes.size(), () -> "transformer crashes: " + first(total.crashes)),
                () -> assertEquals(0, total.internalErrors.size(), () -> "transformer internal errors: " + first(total.internalErrors)),
                () -> assertEquals(0, total.introducedLinkageErrors.size(),
                        () -> "linkage errors caused by the transformation: " + first(total.introducedLinkageErrors)),
                () -> assertEquals(List.of(), total.definedElsewhere, "classes not defined from the transformed bytes"),
                () -> assertEquals(total.classes, total.linked + total.inheritedLinkageErrorCount(),
                        "every class links, unless it fails the same way untransformed"),
                () -> assertTrue(total.woven > 50_000, () -> "only " + total.woven + " methods woven"),
                () -> assertTrue(total.suspensionPoints > 100_000, () -> "only " + total.suspensionPoints + " suspension points"));
    }

    @Test
    void theCheckReportsVerifyErrorsAndMissingDependencies(@TempDir Path dir) throws IOException {
        JarReport report = JarVerification.run(JarClasses.read(ControlJar.write(dir)), getClass().getClassLoader());

        assertEquals(1, report.woven, "control.Broken.m is woven like any method");
        assertEquals(Set.of(ControlJar.BROKEN_METHOD), report.verifyErrors.keySet());
        assertEquals(List.of(ControlJar.ORPHAN), report.inheritedLinkageErrors.values().stream()
                .flatMap(List::stream).collect(Collectors.toList()));
        assertTrue(report.introducedLinkageErrors.isEmpty(), () -> report.introducedLinkageErrors.toString());
        assertEquals(0, report.linked);
    }

    /** A few entries for an assertion message (the printed summary lists them all). */
    private static String first(Map<String, String> entries) {
        return first(entries.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toList()));
    }

    private static String first(List<String> entries) {
        return entries.stream().limit(5).collect(Collectors.joining("\n  ", "\n  ", entries.size() > 5 ? "\n  ..." : ""));
    }

    private static void print(List<JarReport> reports, JarReport total) {
        StringBuilder out = new StringBuilder("\n=== jcoro verifier check: every method suspendable, every call a suspension point ===\n");
        out.append(JarReport.header()).append('\n');
        reports.forEach(r -> out.append(r.row()).append('\n'));
        out.append(total.row()).append('\n');
        out.append(total.details());
        System.out.println(out);
    }
}
