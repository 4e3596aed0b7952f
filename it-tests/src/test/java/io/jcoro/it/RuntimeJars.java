package io.jcoro.it;

import io.jcoro.Continuation;
import io.jcoro.scheduler.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jcoro runtime a program compiles against and runs with: jcoro-continuation-api and jcoro-scheduler,
 * wherever this JVM loaded them from (the reactor's jars, or its classes directories). The agent jar does
 * not carry them, so every JVM the integration tests start with {@code -javaagent} has them on its class
 * path, as a user's program has them as its dependencies.
 */
public final class RuntimeJars {
    private RuntimeJars() {}

    /** jcoro-continuation-api, then jcoro-scheduler: a jar or a classes directory each. */
    public static List<Path> classpath() {
        return List.of(locationOf(Continuation.class), locationOf(Scheduler.class));
    }

    /**
     * Copies the runtime into {@code dir} as jars (a classes directory is zipped) and returns their file
     * names, for a manifest's {@code Class-Path} next to an executable jar in {@code dir}.
     */
    public static List<String> copyInto(Path dir) {
        List<String> names = new ArrayList<>();
        try {
            for (Path p : classpath()) {
                String name = Files.isDirectory(p) ? p.getParent().getParent().getFileName() + ".jar" : p.getFileName().toString();
                Path target = dir.resolve(name);
                if (Files.isDirectory(p)) {
                    zip(p, target);
                } else {
                    Files.copy(p, target);
                }
                names.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void zip(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }

    private static Path locationOf(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
