package io.jcoro.weaver.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A jar, entry by entry in its own order, except that {@code META-INF/} and the manifest come first:
 * {@link java.util.jar.JarInputStream} only finds a manifest there.
 */
final class JarInput implements WeaveInput {
    private final Path jar;

    JarInput(Path jar) {
        this.jar = jar;
    }

    @Override
    public void forEach(Visitor visitor) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            moveToFront(entries, JarFile.MANIFEST_NAME);
            moveToFront(entries, "META-INF/");
            for (ZipEntry e : entries) {
                byte[] bytes = null;
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                }
                FileTime time = e.getLastModifiedTime();
                visitor.visit(new Entry(e.getName(), bytes, time, e));
            }
        }
    }

    private static void moveToFront(List<ZipEntry> entries, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getName().equals(name)) {
                entries.add(0, entries.remove(i));
                return;
            }
        }
    }
}
