package io.jcoro.it.tooling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The line of a source file that carries a {@code // marker: NAME} comment. */
final class SourceLines {
    private SourceLines() {}

    /** A frame as {@code class.method(File.java:line)}, without the loader and module a real frame carries. */
    static String where(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
    }

    /** In this package's test sources (unit tests run in the module directory). */
    static int testLine(String file, String marker) {
        return lineOf(Path.of("src/test/java/io/jcoro/it/tooling").resolve(file), marker);
    }

    static int lineOf(Path file, String marker) {
        try {
            List<String> lines = Files.readAllLines(file);
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// marker: " + marker)) {
                    if (found >= 0) {
                        throw new IllegalStateException("marker '" + marker + "' twice in " + file);
                    }
                    found = i + 1;
                }
            }
            if (found < 0) {
                throw new IllegalStateException("no marker '" + marker + "' in " + file);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
