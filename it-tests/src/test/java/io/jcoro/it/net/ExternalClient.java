package io.jcoro.it.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client that is a program of its own ({@code curl}, {@code python3}), run as a child
 * process. A test that needs one that is not installed is skipped by an assumption that names it; a
 * run that does not end in time is killed and fails the test.
 */
final class ExternalClient {
    private ExternalClient() {}

    /** Skips the calling test unless {@code command} (a version query) starts and succeeds. */
    static void assumeInstalled(String... command) throws InterruptedException {
        String tool = command[0];
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, tool + " is not installed (" + e.getMessage() + "); this test needs it");
            return;
        }
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assumeTrue(done && p.exitValue() == 0, tool + " is installed but '" + String.join(" ", command)
                + "' did not succeed; this test needs a working " + tool);
    }

    /** What a finished run printed, and how it ended. */
    record Result(int exitCode, List<String> lines, String stderr) {}

    /**
     * Runs {@code command} to its end and returns its standard output, line by line; a run that takes
     * longer than {@code limit} is killed and fails.
     */
    static Result run(Duration limit, List<String> command) throws Exception {
        Path out = Files.createTempFile("jcoro-" + Path.of(command.get(0)).getFileName(), ".out");
        Path err = Files.createTempFile("jcoro-" + Path.of(command.get(0)).getFileName(), ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command.get(0) + " did not finish within " + limit + "; its output so far:\n"
                        + tail(out) + "\n--- stderr ---\n" + tail(err));
            }
            return new Result(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), tail(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
}
