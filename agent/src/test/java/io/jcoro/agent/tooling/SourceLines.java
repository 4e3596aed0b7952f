package io.jcoro.agent.tooling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The line of a test source file that carries a marker comment (tests run in the module directory). */
final class SourceLines {
    private SourceLines() {}

    static int lineOf(String testSource, String marker) {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/java").resolve(testSource));
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// marker: " + marker)) {
                    if (found >= 0) {
                        throw new IllegalStateException("marker '" + marker + "' twice in " + testSource);
                    }
                    found = i + 1;
                }
            }
            if (found < 0) {
                throw new IllegalStateException("no marker '" + marker + "' in " + testSource);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
