package io.jcoro.agent.verify;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableDeclarations;
import io.jcoro.weaver.transform.ClassTransformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Transforms every class of one jar under {@link EverythingPolicy}, defines the results in a
 * {@link JarClassLoader} and links each class without initializing it, so HotSpot's verifier checks
 * every transformed method. A linkage error other than a verify or format error is compared with the
 * untransformed jar: the same error there means a dependency the jar declares optional is missing.
 * The class hierarchy reads the original class files through a plain loader over the jar.
 */
final class JarVerification {
    private final JarClasses jar;
    private final ClassLoader parent;
    private final JarReport report;
    private ClassLoader untransformed;

    private JarVerification(JarClasses jar, ClassLoader parent) {
        this.jar = jar;
        this.parent = parent;
        this.report = new JarReport(jar.fileName());
    }

    static JarReport run(JarClasses jar, ClassLoader parent) {
        JarVerification v = new JarVerification(jar, parent);
        v.link(v.transformAll());
        return v.report;
    }

    private Map<String, byte[]> transformAll() {
        try (URLClassLoader resources = new URLClassLoader(new URL[] {jar.jar().toUri().toURL()}, parent)) {
            return transformAll(new ClassTransformer(
                    ClassHierarchy.uncached(resources, SuspendableDeclarations.NONE), new EverythingPolicy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, byte[]> transformAll(ClassTransformer transformer) {
        Map<String, byte[]> transformed = new HashMap<>();
        for (Map.Entry<String, byte[]> e : jar.classes().entrySet()) {
            byte[] original = e.getValue();
            byte[] result = original;
            try {
                ClassTransformer.Result r = transformer.transform(original, new io.jcoro.agent.AgentRegistration(null));
                r.outcomes().forEach(report::add);
                if (r.bytes() != null) {
                    result = r.bytes();
                    report.classesChanged++;
                }
            } catch (RuntimeException | LinkageError | TransformException t) {
                report.crashes.put(e.getKey(), t.toString());
            }
            transformed.put(e.getKey(), result);
            report.classes++;
        }
        return transformed;
    }

    private void link(Map<String, byte[]> transformed) {
        ClassLoader loader = new JarClassLoader(jar.fileName() + " (transformed)", transformed, parent);
        for (String internalName : jar.classes().keySet()) {
            String name = internalName.replace('/', '.');
            try {
                if (linkOne(name, loader).getClassLoader() == loader) {
                    report.linked++;
                } else {
                    report.definedElsewhere.add(name); // the check would have verified some other bytes
                }
            } catch (VerifyError e) {
                report.verifyErrors.putIfAbsent(VerifyErrorLocation.method(e, internalName), VerifyErrorLocation.summary(e));
            } catch (ClassFormatError e) {
                report.formatErrors.putIfAbsent(internalName, e.toString());
            } catch (LinkageError | ClassNotFoundException e) {
                classifyOtherError(name, e);
            }
        }
    }

    /** Loads and links (verifies) the class without running its static initializer. */
    private static Class<?> linkOne(String name, ClassLoader loader) throws ClassNotFoundException {
        Class<?> c = Class.forName(name, false, loader);
        c.getDeclaredMethods(); // HotSpot links the class first
        return c;
    }

    private void classifyOtherError(String name, Throwable transformedError) {
        Throwable originalError = null;
        try {
            linkOne(name, untransformed());
        } catch (LinkageError | ClassNotFoundException e) {
            originalError = e;
        }
        if (originalError != null && originalError.getClass() == transformedError.getClass()) {
            report.inheritedLinkageErrors.computeIfAbsent(transformedError.toString(), k -> new ArrayList<>()).add(name);
        } else {
            report.introducedLinkageErrors.put(name, transformedError + " (untransformed: "
                    + (originalError == null ? "links fine" : originalError.toString()) + ")");
        }
    }

    private ClassLoader untransformed() {
        if (untransformed == null) {
            untransformed = new JarClassLoader(jar.fileName() + " (original)", jar.classes(), parent);
        }
        return untransformed;
    }
}
