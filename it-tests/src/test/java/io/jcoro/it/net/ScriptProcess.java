package io.jcoro.it.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server example started the way a user starts it, through its script in {@code scripts/}, in a
 * fresh JVM under {@code -javaagent}. Waits (bounded) for the line announcing the port; closing the
 * handle kills the JVM (the scripts {@code exec} java, so the process is the JVM).
 */
final class ScriptProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile(".*listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final Path stderr;

    private ScriptProcess(Process process, int port, Path stderr) {
        this.process = process;
        this.port = port;
        this.stderr = stderr;
    }

    static ScriptProcess start(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(scriptsDir().resolve(script).toString());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("jcoro-" + script, ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("JAVA", property("jcoro.it.java"));
        Process p = pb.start();
        p.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        FutureTask<String> firstLine = new FutureTask<>(out::readLine);
        Thread reader = new Thread(firstLine, script + "-stdout");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = firstLine.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + " did not announce its port: " + e + "\n" + Files.readString(stderr), e);
        }
        Matcher m = line == null ? null : LISTENING.matcher(line);
        if (m == null || !m.matches()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + " printed '" + line + "'\n--- stderr ---\n" + Files.readString(stderr));
        }
        return new ScriptProcess(p, Integer.parseInt(m.group(1)), stderr);
    }

    int port() {
        return port;
    }

    /** The server JVM's open descriptors (Linux /proc/PID/fd). */
    int openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc", String.valueOf(process.pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(stderr);
    }

    /** {@code scripts/} of this checkout: the examples' classes are {@code it-tests/target/classes}. */
    static Path scriptsDir() {
        Path classes = Paths.get(property("jcoro.examples.classes")).toAbsolutePath();
        Path dir = classes.getParent().getParent().getParent().resolve("scripts");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no scripts directory at " + dir);
        }
        return dir;
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (it-tests/pom.xml sets it for "
                    + "failsafe; run with mvn verify)");
        }
        return v;
    }
}
