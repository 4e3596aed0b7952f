package io.jcoro.weaver.hierarchy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Reads class files through a loader's resources, faster than {@code getResourceAsStream}: the loader
 * still says where a resource is ({@code getResource}, so the class path order and a custom loader's
 * rules are its own), but an entry of a jar on the file system is read from a {@link JarFile} opened once
 * per jar, not through a {@code JarURLConnection} per resource (which made most of the agent's cost of
 * passing by a library's classes). The jar is opened with the runtime's version, as the class path opens
 * it, so a multi-release jar gives the entry that loads. Anything else (a nested jar, another protocol,
 * an entry the jar does not have) is read through the URL.
 *
 * <p>A loader that overrides {@code getResourceAsStream} (one that serves class files it generates or
 * keeps in memory, and may have no URL for them) is asked through that method, as the JDK's own callers
 * ask it: its answer is the class file, whatever {@code getResource} says. {@link URLClassLoader}'s
 * override only tracks the stream it opens from {@code getResource}'s URL, so it does not count.
 *
 * <p>The jars stay open while this object lives: one per hierarchy, which lives as long as its loader.
 */
final class ResourceBytes {
    private final Map<String, JarFile> jars = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> servesOwnStreams = new ConcurrentHashMap<>();

    /** The bytes of {@code resource} as {@code loader} finds it, or null when it finds none. */
    byte[] read(ClassLoader loader, String resource) throws IOException {
        return read(loader, resource, false);
    }

    /**
     * The header of the class file {@code resource} as {@code loader} finds it ({@link
     * ClassFileScan#readHeader}: what a scan reads, not the methods), or null when it finds none. Found
     * the same way as {@link #read}, only less of it read.
     */
    byte[] readHeader(ClassLoader loader, String resource) throws IOException {
        return read(loader, resource, true);
    }

    private byte[] read(ClassLoader loader, String resource, boolean header) throws IOException {
        if (servesOwnStreams.computeIfAbsent(loader.getClass(), ResourceBytes::overridesGetResourceAsStream)) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                return in == null ? null : readAll(in, header);
            }
        }
        URL url = loader.getResource(resource);
        if (url == null) {
            return null;
        }
        byte[] fromJar = readFromJar(url, header);
        if (fromJar != null) {
            return fromJar;
        }
        try (InputStream in = url.openStream()) {
            return readAll(in, header);
        }
    }

    static byte[] readAll(InputStream in, boolean header) throws IOException {
        return header ? ClassFileScan.readHeader(in) : in.readAllBytes();
    }

    private byte[] readFromJar(URL url, boolean header) {
        if (!"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath(); // file:/path/lib.jar!/com/example/Foo.class
        int separator = spec.indexOf("!/");
        if (!spec.startsWith("file:") || separator < 0 || spec.indexOf("!/", separator + 2) >= 0) {
            return null;
        }
        try {
            JarFile jar = jars.computeIfAbsent(spec.substring(0, separator), ResourceBytes::open);
            ZipEntry entry = jar.getEntry(spec.substring(separator + 2));
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return readAll(in, header);
            }
        } catch (IOException | RuntimeException e) {
            return null; // read through the URL instead
        }
    }

    /** Whether a loader class, or a superclass below {@link ClassLoader}, overrides getResourceAsStream. */
    private static boolean overridesGetResourceAsStream(Class<?> loaderClass) {
        for (Class<?> c = loaderClass; c != null && c != ClassLoader.class; c = c.getSuperclass()) {
            if (c == URLClassLoader.class) {
                continue;
            }
            try {
                c.getDeclaredMethod("getResourceAsStream", String.class);
                return true;
            } catch (NoSuchMethodException e) {
                // not here: look further up
            } catch (SecurityException e) {
                return true; // cannot tell: ask the loader the way that is always right
            }
        }
        return false;
    }

    private static JarFile open(String fileUrl) {
        try {
            return new JarFile(new File(new URI(fileUrl)), false, JarFile.OPEN_READ, Runtime.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(fileUrl, e);
        }
    }
}
