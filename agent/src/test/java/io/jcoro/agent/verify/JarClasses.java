package io.jcoro.agent.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The class files of one jar, by internal name (multi-release variants and module-info left out). */
record JarClasses(Path jar, Map<String, byte[]> classes) {

    /** The jar on the class path that {@code member} was loaded from. */
    static JarClasses containing(Class<?> member) {
        try {
            Path jar = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            return read(jar);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JarClasses read(Path jar) {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JarClasses(jar, Collections.unmodifiableMap(classes));
    }

    String fileName() {
        return jar.getFileName().toString();
    }
}
