package com.example.startup;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initializing) every class of a jar through a fresh class loader, so that a
 * class-file transformer sees each one; run with and without the agent.
 * Usage: {@code LoadEveryClass JAR}; prints {@code RESULT classes=... failed=... millis=...}.
 */
public final class LoadEveryClass {
    private LoadEveryClass() {}

    public static void main(String[] args) throws Exception {
        File jar = new File(args[0]);
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
                        && !entry.endsWith("package-info.class")) {
                    names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        long start = System.nanoTime();
        int loaded = 0;
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException e) {
                    failed++; // a class whose optional dependency is absent
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("RESULT classes=%d failed=%d millis=%d%n", loaded, failed, millis);
    }
}
