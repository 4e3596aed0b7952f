package io.jcoro.benchmarks.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a child process with a hard time limit; its output (stdout and stderr) goes to a log file. */
final class Exec {
    private Exec() {}

    /** How a child process ended. */
    record Outcome(int exitCode, boolean timedOut, String output, long millis) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    static Outcome run(List<String> command, Duration timeout, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = start(command, log);
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            kill(process);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Outcome(finished ? process.exitValue() : -1, !finished, output, millis);
    }

    /** Starts a process in the background, its output going to {@code log}. */
    static Process start(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /** Kills a process and every process it started (a JMH host and its forks), and waits for them. */
    static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : tree) {
            child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
        }
    }
}
