package io.jcoro.it.seeds;

import io.jcoro.it.RuntimeJars;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one seed example in a fresh JVM exactly as a user would: {@code java -javaagent:jcoro-agent.jar
 * -cp <the example classes>:<API>:<scheduler> MainClass}: the program depends on the runtime (API and
 * scheduler), and the agent jar adds only the transformer. A hang fails the test after a timeout.
 */
final class SeedRun {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(String command, int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        String describe() {
            return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr + "---";
        }
    }

    private SeedRun() {}

    static Result run(String simpleName) throws IOException, InterruptedException {
        List<String> command = List.of(path("jcoro.it.java").toString(),
                "-javaagent:" + path("jcoro.agent.jar"),
                "-cp", Stream.concat(Stream.of(path("jcoro.examples.classes")), RuntimeJars.classpath().stream())
                        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "io.jcoro.examples.seeds." + simpleName);
        Path out = Files.createTempFile("seed-" + simpleName, ".out");
        Path err = Files.createTempFile("seed-" + simpleName, ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(simpleName + " did not finish within " + TIMEOUT_SECONDS + " s:\n"
                        + new Result(String.join(" ", command), -1, read(out), read(err)).describe());
            }
            return new Result(String.join(" ", command), p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (it-tests/pom.xml sets it for "
                    + "failsafe; run with mvn verify)");
        }
        Path p = Paths.get(value);
        if (!Files.exists(p)) {
            throw new IllegalStateException(property + " points to " + p + ", which does not exist");
        }
        return p;
    }
}
