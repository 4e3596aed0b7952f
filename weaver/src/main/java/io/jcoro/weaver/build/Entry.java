package io.jcoro.weaver.build;

import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;

/**
 * One file (or directory) of the input: its path inside the input with {@code /} separators, its bytes
 * (null for a directory), its last-modified time, and, from a jar, the entry it was (its compression
 * method, extra fields and comment are kept when it is written to a jar again).
 */
record Entry(String name, byte[] bytes, FileTime time, ZipEntry zip) {
    boolean isDirectory() {
        return bytes == null;
    }

    /**
     * A class file the transformer takes: also those of a multi-release jar's META-INF/versions/N/; not
     * module-info or package-info, which have no code.
     */
    boolean isClass() {
        if (isDirectory() || !name.endsWith(".class")) {
            return false;
        }
        String simple = name.substring(name.lastIndexOf('/') + 1);
        return !simple.equals("module-info.class") && !simple.equals("package-info.class");
    }
}
