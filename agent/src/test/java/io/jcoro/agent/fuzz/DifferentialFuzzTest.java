package io.jcoro.agent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.agent.AgentOptions;
import io.jcoro.agent.JcoroTransformer;
import io.jcoro.internal.Frames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private static final int SHOWN_MISMATCHES = 3;

    @Test
    void transformedProgramsSuspendedAtRandomBehaveExactlyLikeThePlainOnes() throws InterruptedException {
        long seed = Long.getLong("jcoro.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("jcoro.fuzz.count", 2000);
        int first = Integer.getInteger("jcoro.fuzz.first", 0);
        int batchSize = Integer.getInteger("jcoro.fuzz.batch", 100);
        int threads = Integer.getInteger("jcoro.fuzz.threads", 2);
        String dump = System.getProperty("jcoro.fuzz.dump");

        Frames.markAgentInstalled();
        ExecutorService hopThreads = Executors.newFixedThreadPool(2);
        FuzzBatch batch = new FuzzBatch(seed, new JcoroTransformer(AgentOptions.parse(null)),
                dump == null ? null : Path.of(dump), hopThreads);
        long started = System.nanoTime();
        List<FuzzBatch.Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        TransformerWarnings warnings = new TransformerWarnings();
        try {
            List<Future<FuzzBatch.Result>> futures = new ArrayList<>();
            for (int start = first; start < first + count; start += batchSize) {
                int from = start;
                int to = Math.min(first + count, start + batchSize);
                futures.add(pool.submit(() -> batch.run(from, to)));
            }
            for (Future<FuzzBatch.Result> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a batch failed (seed " + seed + "): " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            hopThreads.shutdownNow();
            warnings.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        long suspensions = 0;
        long nested = 0;
        long resumes = 0;
        long events = 0;
        long compileNanos = 0;
        int suspendedPrograms = 0;
        int threw = 0;
        int outOfFuel = 0;
        List<FuzzBatch.Mismatch> mismatches = new ArrayList<>();
        for (FuzzBatch.Result r : results) {
            suspensions += r.suspensions();
            nested += r.nestedSuspensions();
            resumes += r.resumes();
            events += r.events();
            compileNanos += r.compileNanos();
            suspendedPrograms += r.suspendedPrograms();
            threw += r.threw();
            outOfFuel += r.outOfFuel();
            mismatches.addAll(r.mismatches());
        }
        System.out.printf("jcoro differential fuzz: seed=%d first=%d programs=%d suspensions=%d resumes=%d mismatches=%d"
                        + " (transformer warnings %d; nested-continuation suspensions %d; programs that suspended %d,"
                        + " threw %d, ran out of fuel %d; %d trace events; %d ms, %d ms of it compiling, on %d threads)%n",
                seed, first, count, suspensions, resumes, mismatches.size(), warnings.count(), nested, suspendedPrograms,
                threw, outOfFuel, events, millis, compileNanos / 1_000_000, threads);

        assertTrue(mismatches.isEmpty(), () -> report(seed, mismatches));
        assertEquals(0, warnings.count(), () -> "the transformer refused or failed on generated programs (seed " + seed
                + "; fz.P<n> is program n):\n" + String.join("\n", warnings.first()));
        assertEquals(suspensions + count, resumes, "every program is started once and resumed once per suspension");
        if (count >= 100) { // not when reproducing a few programs
            // The comparison means something only if the transformed runs really suspended, and often.
            assertTrue(suspensions >= count, "only " + suspensions + " suspensions in " + count + " programs");
            assertTrue(suspendedPrograms >= count / 2, "only " + suspendedPrograms + " of " + count + " programs suspended");
        }
    }

    private static String report(long seed, List<FuzzBatch.Mismatch> mismatches) {
        StringBuilder sb = new StringBuilder();
        sb.append(mismatches.size()).append(" generated programs behaved differently once transformed and suspended.\n");
        sb.append("Programs: ");
        mismatches.forEach(m -> sb.append(m.program().index()).append(' '));
        sb.append("\n\n");
        for (FuzzBatch.Mismatch m : mismatches.subList(0, Math.min(SHOWN_MISMATCHES, mismatches.size()))) {
            int at = firstDifference(m.expected(), m.actual());
            sb.append("=== seed ").append(seed).append(", program ").append(m.program().index())
                    .append(" (reproduce: -Djcoro.fuzz.seed=").append(seed).append(" -Djcoro.fuzz.first=")
                    .append(m.program().index()).append(" -Djcoro.fuzz.count=1)\n")
                    .append("--- plain run:\n").append(excerpt(m.expected(), at)).append('\n')
                    .append("--- transformed, suspending run:\n").append(excerpt(m.actual(), at)).append('\n')
                    .append("--- transformer notes:\n").append(m.transformNotes())
                    .append("--- source (fz.Probe.p(site) suspends when the run says so; p<T>(site, v) calls p and"
                            + " returns v; fz.Res.close() calls p; fz.F<T> and fz.Gen<T> are functional"
                            + " interfaces whose get() is @Suspendable; E2 extends E1):\n")
                    .append(m.program().source()).append('\n');
        }
        return sb.toString();
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 300);
        int to = Math.min(s.length(), at + 500);
        return (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "")
                + "   [first difference at character " + at + "]";
    }
}
