package io.jcoro.it.tooling;

import io.jcoro.it.JvmRun;
import io.jcoro.it.RuntimeJars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts a fresh JVM for the tooling integration tests: any JVM options, class path and main class
 * (or {@code -jar}); waits for it with a timeout (a hang fails the test) and captures what it printed.
 * The locations come from the system properties it-tests/pom.xml gives failsafe.
 */
final class ToolingJvm {
    static final long TIMEOUT_SECONDS = 60;
    static final String EXAMPLES = "io.jcoro.examples.tooling.";

    private Path java = path("jcoro.it.java");
    private final List<String> options = new ArrayList<>();
    /** Ends with the runtime (API and scheduler), which a program run with the agent jar has on its class path. */
    private final List<Path> classpath = new ArrayList<>(RuntimeJars.classpath());
    private final List<String> main = new ArrayList<>();

    /** A run of an example main class of this package (simple name), with the examples on the class path. */
    static ToolingJvm example(String simpleName) {
        ToolingJvm jvm = new ToolingJvm();
        jvm.classpath.add(0, exampleClasses());
        jvm.main.add(EXAMPLES + simpleName);
        return jvm;
    }

    /** A run of {@code mainClass} with {@code args}; set the class path with {@link #prependClasspath}. */
    ToolingJvm main(String mainClass, String... args) {
        main.clear();
        main.add(mainClass);
        main.addAll(List.of(args));
        return this;
    }

    /** Program arguments after the main class. */
    ToolingJvm args(String... more) {
        main.addAll(List.of(more));
        return this;
    }

    /** {@code java -jar jar}. */
    static ToolingJvm jar(Path jar) {
        ToolingJvm jvm = new ToolingJvm();
        jvm.main.add("-jar");
        jvm.main.add(jar.toString());
        return jvm;
    }

    ToolingJvm java(Path launcher) {
        this.java = launcher;
        return this;
    }

    ToolingJvm option(String... more) {
        options.addAll(List.of(more));
        return this;
    }

    /** {@code -javaagent:jcoro-agent.jar[=options]}. */
    ToolingJvm javaagent(String agentOptions) {
        return option("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions));
    }

    /** Allows dynamic agent loading without the JDK 21+ warning (ignored by JDKs that do not know the flag). */
    ToolingJvm quietDynamicAgents() {
        return option("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading");
    }

    /** Puts {@code entry} first on the class path. */
    ToolingJvm prependClasspath(Path entry) {
        classpath.add(0, entry);
        return this;
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        if (!classpath.isEmpty()) {
            command.add("-cp");
            command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        command.addAll(main);
        return command;
    }

    JvmRun.Result run() throws IOException, InterruptedException {
        List<String> command = command();
        return JvmRun.execute(command);
    }


    static Path agentJar() {
        return path("jcoro.agent.jar");
    }

    static Path exampleClasses() {
        return path("jcoro.examples.classes");
    }

    /** The line of an example source (under io/jcoro/examples/tooling) that has {@code // marker: NAME}. */
    static int exampleLine(String file, String marker) {
        return SourceLines.lineOf(path("jcoro.examples.sources").resolve("io/jcoro/examples/tooling").resolve(file), marker);
    }

    /** The JDK 25 home named by jcoro.jdk25.home, or null when it is not installed. */
    static Path jdk25() {
        String home = System.getProperty("jcoro.jdk25.home");
        if (home == null || home.isBlank() || !Files.isExecutable(Paths.get(home, "bin", "java"))) {
            return null;
        }
        return Paths.get(home);
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (it-tests/pom.xml sets it "
                    + "for failsafe; run the integration tests with mvn verify)");
        }
        Path p = Paths.get(value);
        if (!Files.exists(p)) {
            throw new IllegalStateException(property + " points to " + p + ", which does not exist");
        }
        return p;
    }
}
