package io.jcoro.agent.fuzz;

import io.jcoro.internal.AgentPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.SuspensionError;
import io.jcoro.agent.AgentOptions;
import io.jcoro.agent.JcoroTransformer;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Differential test of suspensions that pass through code that cannot carry them. Random small
 * programs ({@link #PROFILE}) mix suspensions through woven code only (calls, loops, loops over JDK
 * collections' iterators) with suspensions inside lambdas that JDK methods call back
 * ({@code Map.computeIfAbsent}, {@code List.forEach}, {@code List.sort}, streams, ...; see
 * {@link JdkCallbackGenerator}); the programs' class loader declares the JDK functional interfaces
 * suspendable ({@value #DECLARATIONS}, read through the agent's real {@code DeclarationFiles}), so
 * those lambdas are woven and may suspend. Each program runs plainly (the ground truth) and
 * transformed by the agent's real {@link JcoroTransformer} inside a {@code Continuation} whose probe
 * suspends at seeded random sites; 40% of them first run a warm-up continuation of the same body
 * class that suspends at the same suspension points through woven code only. {@link CallbackOracle}
 * judges the runs: a run that suspended through a JDK method must end with {@link SuspensionError}
 * thrown out of {@code resume()}; every other run (and every warm-up) must observe exactly what its
 * plain run does. Both outcomes must be common, so the test cannot pass vacuously.
 *
 * <p>System properties, as for {@link DifferentialFuzzTest}: {@code jcoro.fuzz.seed},
 * {@code jcoro.fuzz.count} (default 10,000), {@code jcoro.fuzz.first}, {@code jcoro.fuzz.batch}
 * (programs per compilation, default 500), {@code jcoro.fuzz.threads} (default 2), {@code jcoro.fuzz.dump}
 * (a directory for failing programs' sources and class files).
 */
class JdkCallbackFuzzTest {
    private static final long DEFAULT_SEED = 0xCA11_BAC5L;
    /**
     * Small programs (javac's time is most of the test's): up to two methods of one or two statements
     * (which may be compound) with shallow expressions, half of the statements JDK callback uses.
     */
    static final ProgramGenerator.Profile PROFILE = new ProgramGenerator.Profile(2, 0, 1, 2, 30, 1, false, 50, 30);
    static final String DECLARATIONS = "jdk-callbacks.suspendables";
    /** Of the programs, at least this share must end each way: equal, and in SuspensionError. */
    private static final double MIN_SHARE = 0.15;
    /** Of the programs, at least this share must show each bug shape (warmed up or suspended first, then the JDK). */
    private static final double MIN_SHAPE_SHARE = 0.04;

    @Test
    void aSuspensionThroughAJdkCallbackFailsWithSuspensionErrorAndEveryOtherRunsAsPlain() throws InterruptedException {
        long seed = Long.getLong("jcoro.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("jcoro.fuzz.count", 10_000);
        int first = Integer.getInteger("jcoro.fuzz.first", 0);
        int batchSize = Integer.getInteger("jcoro.fuzz.batch", 500);
        int threads = Integer.getInteger("jcoro.fuzz.threads", 2);
        String dump = System.getProperty("jcoro.fuzz.dump");
        URL declarations = getClass().getResource(DECLARATIONS);
        assertNotNull(declarations, DECLARATIONS);

        AgentPresence.markInstalled();
        ExecutorService hopThreads = Executors.newFixedThreadPool(2);
        FuzzBatch batch = new FuzzBatch(seed, PROFILE, new JcoroTransformer(AgentOptions.parse(null)), declarations,
                dump == null ? null : Path.of(dump), hopThreads, new CallbackOracle());
        long started = System.nanoTime();
        long cpuStarted = cpuNanos();
        FuzzBatch.Result total;
        TransformerWarnings warnings = new TransformerWarnings();
        try {
            total = batch.runAll(first, count, batchSize, threads);
        } finally {
            hopThreads.shutdownNow();
            warnings.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (cpuNanos() - cpuStarted) / 1_000_000;
        System.out.print(summary(seed, first, count, total, warnings.count(), millis, cpuMillis, threads));

        List<FuzzBatch.Mismatch> failures = total.mismatches();
        assertTrue(failures.isEmpty(), () -> FuzzReport.of(getClass().getSimpleName(), seed, failures,
                FuzzReport.SOURCE_LEGEND + "; warm() is true in a warm-up run, which calls each callback directly"
                        + " instead of through the JDK; " + DECLARATIONS + " declares java.util.function's interfaces"
                        + " and Comparator suspendable"));
        assertEquals(0, warnings.count(), () -> "the transformer refused or failed on generated programs (seed " + seed
                + "; fz.P<n> is program n):\n" + String.join("\n", warnings.first()));
        if (count >= 1000) { // not when reproducing a few programs
            atLeast(total.outcome(CallbackOracle.EQUAL), MIN_SHARE, count, "ended " + CallbackOracle.EQUAL);
            atLeast(total.outcome(CallbackOracle.SUSPENSION_ERROR), MIN_SHARE, count, "ended in SuspensionError");
            atLeast(total.fact(CallbackOracle.WARMED_THEN_JDK), MIN_SHAPE_SHARE, count, CallbackOracle.WARMED_THEN_JDK);
            atLeast(total.fact(CallbackOracle.WOVEN_THEN_JDK), MIN_SHAPE_SHARE, count, CallbackOracle.WOVEN_THEN_JDK);
        }
    }

    private static void atLeast(int actual, double share, int count, String what) {
        assertTrue(actual >= share * count, () -> "only " + actual + " of " + count + " programs " + what
                + ": the programs no longer exercise what this test is about");
    }

    private static String summary(long seed, int first, int count, FuzzBatch.Result total, int warnings, long millis,
                                  long cpuMillis, int threads) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("jcoro JDK-callback fuzz: seed=%d first=%d programs=%d failures=%d (transformer warnings"
                        + " %d; %d suspensions, %d resumes; %d ms, %d ms of it compiling, %d ms CPU, on %d threads)%n",
                seed, first, count, total.mismatches().size(), warnings, total.suspensions(), total.resumes(), millis,
                total.compileNanos() / 1_000_000, cpuMillis, threads));
        sb.append("  outcomes:\n");
        for (Map.Entry<String, Integer> e : total.outcomes().entrySet()) {
            sb.append(String.format("    %6d  %s%n", e.getValue(), e.getKey()));
        }
        sb.append("  programs that:\n");
        for (Map.Entry<String, Integer> e : total.facts().entrySet()) {
            sb.append(String.format("    %6d  %s%n", e.getValue(), e.getKey()));
        }
        return sb.toString();
    }

    /** The CPU time of the whole JVM so far (other tests' included, but they run before or after). */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }
}
