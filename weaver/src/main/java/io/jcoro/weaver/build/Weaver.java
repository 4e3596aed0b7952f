package io.jcoro.weaver.build;

import io.jcoro.weaver.transform.BuildTransform;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Weaves a class directory or a jar at build time, so that the program runs without the agent. Class
 * files (also a multi-release jar's) go through {@link BuildTransform}; every other file is copied as it
 * is, and so are the classes that need nothing, byte for byte.
 *
 * <p>The transformer sees the class hierarchy through a {@link URLClassLoader} over the input and the
 * given class path, whose parent is the platform loader (the JDK's classes, not the build tool's): it
 * reads class files and {@code META-INF/jcoro/suspendables} as resources and never loads a class.
 *
 * <p>A refused method, or a class file the transformer cannot take, is an error: all are collected, and
 * then (unless {@link #failOnError(boolean)} was turned off) the run fails with every message and the
 * output is left as it was. Output and input may be the same directory or jar (weaving in place).
 */
public final class Weaver {
    private final List<Path> classPath;
    private boolean failOnError = true;
    private Consumer<String> verbose = line -> { };

    /** @param classPath what the woven classes are compiled against (their supertypes, suspendable APIs) */
    public Weaver(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /** With false, errors are only reported: the output is written, the refused methods left unwoven (guarded). */
    public Weaver failOnError(boolean fail) {
        this.failOnError = fail;
        return this;
    }

    /** Receives a line per woven class and per method outcome. */
    public Weaver verbose(Consumer<String> log) {
        this.verbose = log;
        return this;
    }

    /**
     * Weaves {@code in} (a directory or a jar) to {@code out}. An {@code out} that does not exist yet is a
     * jar when its name ends in {@code .jar}, else a directory.
     *
     * @throws WeaveException for a missing or unusable input, or errors while failing on them
     * @throws IOException when reading the input or writing the output fails
     */
    public WeaveReport weave(Path in, Path out) throws IOException, WeaveException {
        WeaveInput input = WeaveInput.of(in);
        boolean inPlace = Files.exists(out) && Files.isSameFile(in, out);
        WeaveReport report = new WeaveReport();
        WeaveOutput output = open(out, inPlace);
        try {
            // closed before the commit: the loader holds the input jar open, which weaving in place replaces
            try (URLClassLoader resources = new URLClassLoader(urls(in), ClassLoader.getPlatformClassLoader())) {
                requireRuntime(resources, in);
                ClassWeaving weaving = new ClassWeaving(new BuildTransform(resources, report::warning), report, verbose);
                input.forEach(entry -> {
                    byte[] woven = entry.isClass() ? weaving.weave(entry) : null;
                    output.put(entry, woven != null ? woven : entry.bytes(), woven != null);
                });
            }
            if (failOnError && !report.errors().isEmpty()) {
                throw new WeaveException("jcoro weave: " + report.errors().size() + " error(s) in " + in
                        + ", " + out + " left as it was", report.errors());
            }
            output.commit();
        } catch (IOException | WeaveException | RuntimeException | Error e) {
            output.abort();
            throw e;
        }
        return report;
    }

    /**
     * Without jcoro-continuation-api the transformer cannot tell which calls suspend ({@code @Suspendable}
     * itself is unknown), and the woven code would call a runtime the program may not have: weaving would
     * silently change nothing. Say so instead.
     */
    private void requireRuntime(URLClassLoader resources, Path in) throws WeaveException {
        if (resources.findResource(RUNTIME_MARKER) == null) {
            throw new WeaveException("jcoro weave: jcoro-continuation-api is not on the class path (" + RUNTIME_MARKER
                    + " is neither in " + in + " nor in " + classPath + "); give the weaver the class path the "
                    + "classes are compiled against, jcoro's jars included (--classpath)", List.of());
        }
    }

    /** A class of jcoro-continuation-api that the weaver needs to see. */
    private static final String RUNTIME_MARKER = "io/jcoro/Suspendable.class";

    private URL[] urls(Path in) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        urls.add(in.toUri().toURL());
        for (Path p : classPath) {
            urls.add(p.toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static WeaveOutput open(Path out, boolean inPlace) throws IOException, WeaveException {
        if (Files.isDirectory(out)) {
            return new DirectoryOutput(out, inPlace);
        }
        if (Files.exists(out)) {
            if (!WeaveInput.isZip(out)) {
                throw new WeaveException("jcoro weave: the output " + out + " exists and is neither a directory nor a jar");
            }
            return new JarOutput(out);
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") ? new JarOutput(out) : new DirectoryOutput(out, false);
    }
}
