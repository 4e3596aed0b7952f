package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class files of the oldest and newest supported versions: a Java 8 source compiled at test time with
 * {@code --release 8} (class-file version 52), and a source using Java 25 features compiled with JDK
 * 25's javac {@code --release 25} (version 69) and run on JDK 25. Each runs the three ways the
 * examples do and must print its expected output.
 */
class ClassFileVersionsIT {
    private static final int JAVA_8_CLASS_VERSION = 52;
    private static final int JAVA_25_CLASS_VERSION = 69;

    @Test
    void release8ClassFilesRunUnderTheAgent(@TempDir Path dir) throws Exception {
        Path source = copySource("Java8Example.java", dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = List.of("--release", "8", "-nowarn", "-cp", classpath(ItConfig.exampleClasspath()),
                "-d", classes.toString(), source.toString());
        int rc = javac.run(null, null, null, options.toArray(new String[0]));
        assertEquals(0, rc, "javac --release 8 failed");
        Path classFile = classes.resolve("io/jcoro/examples/legacy/Java8Example.class");
        assertEquals(JAVA_8_CLASS_VERSION, majorVersion(classFile));

        runThreeWays("io.jcoro.examples.legacy.Java8Example", "Java8Example", classes, ItConfig.java());
    }

    @Test
    void release25ClassFilesRunUnderTheAgentOnJdk25(@TempDir Path dir) throws Exception {
        Path jdk = ItConfig.jdk25Home();
        Path javac = jdk.resolve("bin/javac");
        Path java = jdk.resolve("bin/java");
        assumeTrue(Files.isExecutable(javac) && Files.isExecutable(java),
                "no JDK 25 at " + jdk + " (set -Djcoro.jdk25.home): the Java 25 class-file test is skipped");

        Path source = copySource("Java25Example.java", dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> command = List.of(javac.toString(), "--release", "25", "-nowarn",
                "-cp", classpath(ItConfig.exampleClasspath()), "-d", classes.toString(), source.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(JvmRun.TIMEOUT_SECONDS, TimeUnit.SECONDS), "javac 25 timed out");
        assertEquals(0, p.exitValue(), () -> "javac --release 25 failed:\n" + output);
        Path classFile = classes.resolve("io/jcoro/examples/modern/Java25Example.class");
        assertEquals(JAVA_25_CLASS_VERSION, majorVersion(classFile));

        runThreeWays("io.jcoro.examples.modern.Java25Example", "Java25Example", classes, java);
    }

    private static void runThreeWays(String mainClass, String expectedName, Path classes, Path java) throws Exception {
        for (Mode mode : Mode.values()) {
            JvmRun.Result r = JvmRun.of(mainClass).java(java).prependClasspath(classes).mode(mode).run();
            RunChecks.assertExampleRun(r, RunChecks.expectedOutput(ItConfig.expectedDir(), expectedName, mode), mode);
        }
    }

    /** Copies a source kept in the test resources (under sources/) into {@code dir}. */
    private static Path copySource(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        try (InputStream in = ClassFileVersionsIT.class.getResourceAsStream("/sources/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource sources/" + name + " is missing");
            }
            Files.copy(in, target);
        }
        return target;
    }

    private static String classpath(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** The major version of a class file: bytes 6 and 7, after the magic number and minor version. */
    private static int majorVersion(Path classFile) throws IOException {
        byte[] b = Files.readAllBytes(classFile);
        return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    }
}
