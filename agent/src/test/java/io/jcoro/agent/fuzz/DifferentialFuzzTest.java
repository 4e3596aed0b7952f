package io.jcoro.agent.fuzz;

import io.jcoro.internal.AgentPresence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.AgentOptions;
import io.jcoro.agent.JcoroTransformer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the whole transformation on random programs ({@link ProgramGenerator}): each
 * program runs once untransformed with a probe that never suspends, and once transformed by the
 * agent's real {@link JcoroTransformer}, inside a {@code Continuation} whose probe suspends at seeded
 * random sites while all the batch's continuations are resumed in a seeded random order, a third of
 * the time on another thread. Return values, exceptions and the ordered trace of effects must be
 * identical. Batches run on a few threads at once, so one thread's continuations also suspend and
 * resume while another's are saving or restoring.
 *
 * <p>System properties: {@code jcoro.fuzz.seed} (default fixed), {@code jcoro.fuzz.count} (programs,
 * default 2000), {@code jcoro.fuzz.first} (index of the first program: with count 1, reproduces one),
 * {@code jcoro.fuzz.batch} (programs per compilation, default 100), {@code jcoro.fuzz.threads}
 * (default 2), {@code jcoro.fuzz.dump} (a directory to write mismatching programs' sources and plain and
 * transformed class files to), {@code jcoro.fuzz.release} (the {@code --release} programs are compiled
 * for, default 17).
 */
class DifferentialFuzzTest {
    private static final long DEFAULT_SEED = 0x1C0_2025L;

    @Test
    void transformedProgramsSuspendedAtRandomBehaveExactlyLikeThePlainOnes() throws InterruptedException {
        long seed = Long.getLong("jcoro.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("jcoro.fuzz.count", 2000);
        int first = Integer.getInteger("jcoro.fuzz.first", 0);
        int batchSize = Integer.getInteger("jcoro.fuzz.batch", 100);
        int threads = Integer.getInteger("jcoro.fuzz.threads", 2);
        String dump = System.getProperty("jcoro.fuzz.dump");

        AgentPresence.markInstalled();
        ExecutorService hopThreads = Executors.newFixedThreadPool(2);
        FuzzBatch batch = new FuzzBatch(seed, new JcoroTransformer(AgentOptions.parse(null)),
                dump == null ? null : Path.of(dump), hopThreads);
        long started = System.nanoTime();
        FuzzBatch.Result total;
        TransformerWarnings warnings = new TransformerWarnings();
        try {
            total = batch.runAll(first, count, batchSize, threads);
        } finally {
            hopThreads.shutdownNow();
            warnings.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        long suspensions = total.suspensions();
        long resumes = total.resumes();
        List<FuzzBatch.Mismatch> mismatches = total.mismatches();
        System.out.printf("jcoro differential fuzz: seed=%d first=%d programs=%d suspensions=%d resumes=%d mismatches=%d"
                        + " (transformer warnings %d; nested-continuation suspensions %d; programs that suspended %d,"
                        + " threw %d, ran out of fuel %d; %d trace events; %d ms, %d ms of it compiling, on %d threads)%n",
                seed, first, count, suspensions, resumes, mismatches.size(), warnings.count(), total.nestedSuspensions(),
                total.suspendedPrograms(), total.threw(), total.outOfFuel(), total.events(), millis,
                total.compileNanos() / 1_000_000, threads);

        assertTrue(mismatches.isEmpty(), () -> FuzzReport.of(getClass().getSimpleName(), seed, mismatches,
                FuzzReport.SOURCE_LEGEND));
        assertEquals(0, warnings.count(), () -> "the transformer refused or failed on generated programs (seed " + seed
                + "; fz.P<n> is program n):\n" + String.join("\n", warnings.first()));
        assertEquals(suspensions + count, resumes, "every program is started once and resumed once per suspension");
        if (count >= 100) { // not when reproducing a few programs
            // The comparison means something only if the transformed runs really suspended, and often.
            assertTrue(suspensions >= count, "only " + suspensions + " suspensions in " + count + " programs");
            assertTrue(total.suspendedPrograms() >= count / 2, "only " + total.suspendedPrograms() + " of " + count
                    + " programs suspended");
        }
    }
}
