package io.jcoro.benchmarks.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/bench --smoke} as a user would (the numbers mean nothing at that profile) and
 * checks that it writes a whole report: every figure's section, and a measured figure for every target
 * on JDK 17, so a harness that breaks (a peer module, a driver step, a child process) fails the build
 * instead of the next benchmark run.
 */
class BenchSmokeIT {
    private static final List<String> SECTIONS = List.of("## Targets", "## 1. Suspend + resume round trip",
            "## 2. Await of a promise completed by another coroutine", "## 3. Fast path",
            "## 4. Heap per suspended task", "## 5. Agent start-up", "## 6. Echo server",
            "## 7. Toolkit: channel hand-off and mutex", "## Optimisation log",
            "## Peers: what ran, what could not, and why", "## Commands");
    /** Targets measured on every JDK (the others need JDK 25's virtual threads or run on one JDK only). */
    private static final List<String> TARGETS_ON_EVERY_JDK = List.of("Round trip at depth 1 ≤ 20 ns",
            "Round trip at depth 1 ≥ 3× faster than Kotlin", "≤ 5 ns per extra frame",
            "≤ 150 bytes per suspended coroutine", "Fast path within 1.05× of uninstrumented (fib(30) from plain code)",
            "Fast path within 1.05× of uninstrumented (fib(30) inside a continuation)", "Agent start-up ≤ 150 ms");

    @Test
    void theSmokeProfileWritesAWholeReport(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("jcoro.root")).toRealPath();
        Path report = dir.resolve("BENCHMARKS.md");
        Path log = dir.resolve("bench.log");
        Process p = new ProcessBuilder("bash", "scripts/bench", "--no-build", "--smoke", "--out", report.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "scripts/bench --smoke did not finish in 8 minutes");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);

        String text = Files.readString(report, StandardCharsets.UTF_8);
        for (String section : SECTIONS) {
            assertTrue(text.contains("\n" + section), "no section " + section + " in\n" + text);
        }
        assertTrue(text.contains("profile `smoke`"), text);
        String targets = text.substring(text.indexOf("## Targets"), text.indexOf("## 1."));
        for (String target : TARGETS_ON_EVERY_JDK) {
            String row = targets.lines().filter(l -> l.startsWith("| " + target)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + target + " in\n" + targets));
            assertTrue(row.contains("JDK 17: "), row);
            assertFalse(row.contains("JDK 17: not measured"), row);
        }
    }
}
