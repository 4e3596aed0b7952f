package io.jcoro.it;

import io.jcoro.Continuation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The locations the integration tests need, from the system properties it-tests/pom.xml sets. */
final class ItConfig {
    private ItConfig() {}

    /** The java launcher that runs the examples. */
    static Path java() {
        return existing("jcoro.it.java");
    }

    static Path agentJar() {
        return existing("jcoro.agent.jar");
    }

    /** it-tests' compiled main classes: the examples and their support classes. */
    static Path exampleClasses() {
        return existing("jcoro.examples.classes");
    }

    static Path exampleSources() {
        return existing("jcoro.examples.sources");
    }

    static Path expectedDir() {
        return existing("jcoro.expected.dir");
    }

    /** The JDK 25 home for the newest class-file version; may not exist (the test is then skipped). */
    static Path jdk25Home() {
        return Paths.get(required("jcoro.jdk25.home"));
    }

    /** Where the continuation API is on this JVM's class path (a jar or a classes directory). */
    static Path apiClasspath() {
        return locationOf(Continuation.class);
    }

    /** Guava's jar, for the examples that call it (io.jcoro.examples.chains); provided scope puts it on this JVM's class path. */
    static Path guavaJar() {
        return locationOf(com.google.common.collect.FluentIterable.class);
    }

    /** H2's jar, for io.jcoro.examples.BlockingJdbcExample; provided scope puts it on this JVM's class path. */
    static Path h2Jar() {
        return locationOf(org.h2.Driver.class);
    }

    /** The jar (or classes directory) this JVM loaded {@code c} from. */
    private static Path locationOf(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The class path the examples run with: their classes and the runtime (continuation API and scheduler),
     * which the agent jar does not carry.
     */
    static List<Path> exampleClasspath() {
        List<Path> cp = new java.util.ArrayList<>();
        cp.add(exampleClasses());
        cp.addAll(RuntimeJars.classpath());
        return cp;
    }

    /** The line of {@code file} (under the example sources) that contains {@code marker}; 1-based. */
    static int lineOf(String sourceFile, String marker) {
        Path file = exampleSources().resolve(sourceFile);
        try {
            List<String> lines = Files.readAllLines(file);
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker)) {
                    if (found >= 0) {
                        throw new IllegalStateException("marker '" + marker + "' twice in " + file);
                    }
                    found = i + 1;
                }
            }
            if (found < 0) {
                throw new IllegalStateException("marker '" + marker + "' not in " + file);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (it-tests/pom.xml sets it "
                    + "for failsafe; run the integration tests with mvn verify)");
        }
        return value;
    }

    private static Path existing(String property) {
        Path p = Paths.get(required(property));
        if (!Files.exists(p)) {
            throw new IllegalStateException(property + " points to " + p + ", which does not exist"
                    + (property.equals("jcoro.agent.jar") ? " (build the agent: mvn -B install -DskipTests)" : ""));
        }
        return p;
    }
}
