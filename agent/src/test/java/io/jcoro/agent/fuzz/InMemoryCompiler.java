package io.jcoro.agent.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources held in memory with javax.tools and returns the class files, in memory. Not
 * thread-safe: it keeps one file manager (and its caches of the platform classes) for all compilations.
 */
public final class InMemoryCompiler {
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final String classPath;
    private StandardJavaFileManager standard;

    /** @param classPathOf classes whose code sources make up the class path of the compiled sources */
    public InMemoryCompiler(Class<?>... classPathOf) {
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        List<String> entries = new ArrayList<>();
        for (Class<?> c : classPathOf) {
            try {
                String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!entries.contains(entry)) {
                    entries.add(entry);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        this.classPath = String.join(File.pathSeparator, entries);
    }

    /**
     * Compiles the sources (binary class name to source) and returns every class file by binary
     * class name.
     *
     * @throws IllegalStateException with the compiler's diagnostics if compilation fails
     */
    public Map<String, byte[]> compile(Map<String, String> sources) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        if (standard == null) {
            standard = compiler.getStandardFileManager(null, Locale.ROOT, null);
        }
        Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
        ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        outputs.put(className, bytes);
                        return bytes;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SourceFile(name, text)));
        // -Djcoro.fuzz.release=N compiles for a newer class file version when the tests run on a newer JDK
        String release = System.getProperty("jcoro.fuzz.release", "17");
        List<String> options = List.of("-g", "-proc:none", "--release", release, "-encoding", "UTF-8",
                "-classpath", classPath, "-Xlint:none", "-nowarn");
        boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("the generated sources do not compile:\n");
            diagnostics.getDiagnostics().stream().limit(20).forEach(d -> message.append(d).append('\n'));
            throw new IllegalStateException(message.toString());
        }
        Map<String, byte[]> classes = new HashMap<>();
        outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String text;

        SourceFile(String binaryName, String text) {
            super(URI.create("string:///" + binaryName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
