package io.jcoro.agent.fuzz;

import io.jcoro.Suspendable;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.DeclarationFiles;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import io.jcoro.weaver.transform.AnnotationPolicy;
import io.jcoro.weaver.transform.ClassTransformer;
import io.jcoro.weaver.transform.MethodOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One batch of a differential test: generates programs {@code [start, end)} of a profile, compiles
 * them in one javac run, runs each plainly and transformed-and-suspending (and their warm-ups, if
 * they have one, both ways), and asks an {@link Oracle} what the runs mean.
 */
final class FuzzBatch {
    /** Every run of one program; the warm-up runs are null when it has none. */
    record Runs(ProgramGenerator.Program program, ProgramRun plain, ProgramRun transformed, ProgramRun plainWarmUp,
                ProgramRun warmUp) {}

    /**
     * What a program's runs were judged to be: an outcome (counted per name), whether it is a failure,
     * and facts worth counting (say, that it suspended through a JDK method).
     */
    record Verdict(String outcome, boolean failure, List<String> facts) {
        static Verdict pass(String outcome, List<String> facts) {
            return new Verdict(outcome, false, facts);
        }

        static Verdict fail(String outcome, List<String> facts) {
            return new Verdict(outcome, true, facts);
        }
    }

    /** Judges one program by its runs. */
    interface Oracle {
        Verdict judge(Runs runs);
    }

    /** The plain differential oracle: the transformed run observes exactly what the plain run does. */
    static final Oracle IDENTICAL = runs -> runs.plain().observed().equals(runs.transformed().observed())
            ? Verdict.pass("identical", List.of()) : Verdict.fail("different", List.of());

    /** A program judged a failure. */
    record Mismatch(Runs runs, Verdict verdict, String transformNotes) {
        ProgramGenerator.Program program() {
            return runs.program();
        }

        String expected() {
            return runs.plain().observed();
        }

        String actual() {
            return runs.transformed().observed();
        }
    }

    /** What one batch, or several ({@link #total}), found. */
    record Result(int programs, long suspensions, long nestedSuspensions, long resumes, int suspendedPrograms,
                  int threw, int outOfFuel, long events, long compileNanos, Map<String, Integer> outcomes,
                  Map<String, Integer> facts, List<Mismatch> mismatches) {
        static Result total(List<Result> results) {
            int programs = 0;
            long suspensions = 0;
            long nested = 0;
            long resumes = 0;
            int suspendedPrograms = 0;
            int threw = 0;
            int outOfFuel = 0;
            long events = 0;
            long compileNanos = 0;
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Integer> facts = new TreeMap<>();
            List<Mismatch> mismatches = new ArrayList<>();
            for (Result r : results) {
                programs += r.programs();
                suspensions += r.suspensions();
                nested += r.nestedSuspensions();
                resumes += r.resumes();
                suspendedPrograms += r.suspendedPrograms();
                threw += r.threw();
                outOfFuel += r.outOfFuel();
                events += r.events();
                compileNanos += r.compileNanos();
                r.outcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
                r.facts().forEach((k, v) -> facts.merge(k, v, Integer::sum));
                mismatches.addAll(r.mismatches());
            }
            return new Result(programs, suspensions, nested, resumes, suspendedPrograms, threw, outOfFuel, events,
                    compileNanos, outcomes, facts, mismatches);
        }

        int outcome(String name) {
            return outcomes.getOrDefault(name, 0);
        }

        int fact(String name) {
            return facts.getOrDefault(name, 0);
        }
    }

    private final long seed;
    private final ProgramGenerator.Profile profile;
    private final ClassFileTransformer transformer;
    private final URL declarations;
    private final Path dumpDir;
    private final ExecutorService hopThreads;
    private final Oracle oracle;
    /** One compiler per thread running batches: a compiler is faster from its second compilation on. */
    private final ThreadLocal<InMemoryCompiler> compilers =
            ThreadLocal.withInitial(() -> new InMemoryCompiler(FuzzRuntime.class, Suspendable.class));

    /**
     * The plain differential test's batch: {@link ProgramGenerator.Profile#FULL} programs, no
     * declarations, the {@link #IDENTICAL} oracle.
     *
     * @param dumpDir where to write the class files of mismatching programs, or null
     * @param hopThreads threads that some resumes run on, or null
     */
    FuzzBatch(long seed, ClassFileTransformer transformer, Path dumpDir, ExecutorService hopThreads) {
        this(seed, ProgramGenerator.Profile.FULL, transformer, null, dumpDir, hopThreads, IDENTICAL);
    }

    /**
     * @param declarations the programs' loaders' {@value DeclarationFiles#RESOURCE} file, or null
     * @param dumpDir where to write the class files of failing programs, or null
     * @param hopThreads threads that some resumes run on, or null
     */
    FuzzBatch(long seed, ProgramGenerator.Profile profile, ClassFileTransformer transformer, URL declarations,
              Path dumpDir, ExecutorService hopThreads, Oracle oracle) {
        this.seed = seed;
        this.profile = profile;
        this.transformer = transformer;
        this.declarations = declarations;
        this.dumpDir = dumpDir;
        this.hopThreads = hopThreads;
        this.oracle = oracle;
    }

    /** Runs programs {@code [first, first + count)} in batches of {@code batchSize} on {@code threads} threads. */
    Result runAll(int first, int count, int batchSize, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int start = first; start < first + count; start += batchSize) {
                int from = start;
                int to = Math.min(first + count, start + batchSize);
                futures.add(pool.submit(() -> run(from, to)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return Result.total(results);
        } catch (ExecutionException e) {
            throw new AssertionError("a batch failed (seed " + seed + "): " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    Result run(int start, int end) {
        List<ProgramGenerator.Program> programs = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        ProgramGenerator.supportSources().forEach((name, src) -> sources.put(ProgramGenerator.PACKAGE + "." + name, src));
        boolean warmUps = false;
        for (int index = start; index < end; index++) {
            ProgramGenerator.Program p = ProgramGenerator.generate(seed, index, profile);
            programs.add(p);
            sources.put(p.qualifiedName(), p.source());
            warmUps |= p.warmUp();
        }
        long compileStart = System.nanoTime();
        Map<String, byte[]> classes = compilers.get().compile(sources);
        long compileNanos = System.nanoTime() - compileStart;

        ClassLoader parent = FuzzBatch.class.getClassLoader();
        ProgramLoader plainLoader = new ProgramLoader(parent, classes, null, declarations);
        ProgramLoader wovenLoader = new ProgramLoader(parent, classes, transformer, declarations);
        ProgramRunner runner = new ProgramRunner(hopThreads);
        ProgramRun[] expected = runner.runPlain(plainLoader, programs);
        ProgramRun[] plainWarmUps = warmUps ? runner.runPlain(plainLoader, programs, true) : new ProgramRun[programs.size()];
        // all warm-ups first: each has ended before its program's real run starts
        ProgramRun[] warmUpRuns = warmUps ? runner.runWarmUps(wovenLoader, programs, seed, plainWarmUps)
                : new ProgramRun[programs.size()];
        ProgramRun[] actual = runner.runSuspending(wovenLoader, programs, seed, ProgramGenerator.mix(seed, -1 - start),
                expected);

        long suspensions = 0;
        long nested = 0;
        long events = 0;
        int suspendedPrograms = 0;
        int threw = 0;
        int outOfFuel = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> facts = new TreeMap<>();
        List<Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            suspensions += actual[i].suspensions();
            nested += actual[i].nestedSuspensions();
            suspendedPrograms += actual[i].suspensions() > 0 ? 1 : 0;
            events += expected[i].events();
            outOfFuel += expected[i].ranOutOfFuel() ? 1 : 0;
            threw += expected[i].threw() ? 1 : 0;
            ProgramGenerator.Program p = programs.get(i);
            Runs runs = new Runs(p, expected[i], actual[i], plainWarmUps[i], warmUpRuns[i]);
            Verdict verdict = oracle.judge(runs);
            outcomes.merge(verdict.outcome(), 1, Integer::sum);
            verdict.facts().forEach(f -> facts.merge(f, 1, Integer::sum));
            if (verdict.failure()) {
                // notes cost a transformation: only for the failures a report shows
                String notes = mismatches.size() < FuzzReport.SHOWN ? transformNotes(wovenLoader, classes, p)
                        : "  (not computed for this program: reproduce it alone)\n";
                mismatches.add(new Mismatch(runs, verdict, notes));
                if (dumpDir != null) {
                    dump(p, classes, wovenLoader);
                }
            }
        }
        return new Result(programs.size(), suspensions, nested, runner.resumes(), suspendedPrograms, threw, outOfFuel,
                events, compileNanos, outcomes, facts, mismatches);
    }

    private static TreeSet<String> classesOf(ProgramGenerator.Program p, Map<String, byte[]> classes) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : classes.keySet()) {
            if (name.equals(p.qualifiedName()) || name.startsWith(p.qualifiedName() + "$")) {
                names.add(name);
            }
        }
        return names;
    }

    /** What the transformer reports about the program's classes, other than methods woven normally. */
    private static String transformNotes(ClassLoader loader, Map<String, byte[]> classes, ProgramGenerator.Program p) {
        StringBuilder notes = new StringBuilder();
        ClassHierarchy hierarchy = ClassHierarchy.uncached(loader, DeclarationFiles.read(loader));
        for (String name : classesOf(p, classes)) {
            try {
                ClassTransformer.Result result = new ClassTransformer(hierarchy,
                        new AnnotationPolicy(new SuspendableOracle(hierarchy))).transform(classes.get(name),
                        new io.jcoro.agent.AgentRegistration(loader));
                for (MethodOutcome outcome : result.outcomes()) {
                    if (outcome.kind() != MethodOutcome.Kind.WOVEN) {
                        notes.append("  ").append(outcome).append('\n');
                    }
                }
            } catch (RuntimeException | TransformException e) {
                notes.append("  transforming ").append(name).append(" failed: ").append(e).append('\n');
            }
        }
        return notes.length() == 0 ? "  (every method woven)\n" : notes.toString();
    }

    private void dump(ProgramGenerator.Program p, Map<String, byte[]> classes, ProgramLoader woven) {
        try {
            Files.createDirectories(dumpDir);
            Files.writeString(dumpDir.resolve(p.className() + ".java"), p.source());
            for (String name : classesOf(p, classes)) {
                Files.write(dumpDir.resolve(name + ".plain.class"), classes.get(name));
                byte[] after = woven.definedBytes(name);
                if (after != null) {
                    Files.write(dumpDir.resolve(name + ".woven.class"), after);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
