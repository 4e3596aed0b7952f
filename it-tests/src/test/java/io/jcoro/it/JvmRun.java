package io.jcoro.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a fresh JVM on a main class, waits for it with a timeout (a hang fails the test instead of
 * blocking the build) and captures its exit code, stdout and stderr.
 */
public final class JvmRun {
    static final long TIMEOUT_SECONDS = 60;

    /** What a finished JVM left behind. */
    public record Result(String command, int exitCode, String stdout, String stderr) {
        /** Everything a failure message needs to diagnose the run. */
        public String describe() {
            return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr + "---";
        }
    }

    private Path java = ItConfig.java();
    private final List<Path> classpath = new ArrayList<>();
    private Path agent;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final String mainClass;
    private final List<String> args = new ArrayList<>();

    private JvmRun(String mainClass) {
        this.mainClass = mainClass;
    }

    /** A run of {@code mainClass} on the examples' class path, without the agent, nothing set. */
    static JvmRun of(String mainClass) {
        JvmRun run = new JvmRun(mainClass);
        run.classpath.addAll(ItConfig.exampleClasspath());
        return run;
    }

    JvmRun java(Path launcher) {
        this.java = launcher;
        return this;
    }

    /** Puts {@code entry} first on the class path. */
    JvmRun prependClasspath(Path entry) {
        classpath.add(0, entry);
        return this;
    }

    JvmRun withAgent() {
        this.agent = ItConfig.agentJar();
        return this;
    }

    /** A JVM option ({@code -XX:...}), given before the agent and the properties. */
    JvmRun jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    JvmRun property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    JvmRun suspend(String mode) {
        return property("jcoro.suspend", mode);
    }

    JvmRun args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Applies a run mode of the examples: agent or not, and jcoro.suspend. */
    JvmRun mode(Mode mode) {
        if (mode.agent()) {
            withAgent();
        }
        return suspend(mode.suspend());
    }

    Result run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        if (agent != null) {
            command.add("-javaagent:" + agent);
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);

        return execute(command);
    }

    /**
     * Runs {@code command} with no standard input, its output collected from files, and fails (after
     * killing it) when it runs longer than {@value #TIMEOUT_SECONDS} s: a hang fails instead of blocking.
     */
    public static Result execute(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jcoro-it-", ".out");
        Path err = Files.createTempFile("jcoro-it-", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            String shown = String.join(" ", command);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s (a hang): " + shown
                        + "\n--- stdout so far ---\n" + read(out) + "--- stderr so far ---\n" + read(err));
            }
            return new Result(shown, p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The file's text with line ends normalized to \n. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
