package io.jcoro.agent.fuzz;

import io.jcoro.Suspendable;
import io.jcoro.agent.hierarchy.ClassHierarchy;
import io.jcoro.agent.hierarchy.SuspendableDeclarations;
import io.jcoro.agent.hierarchy.SuspendableOracle;
import io.jcoro.agent.transform.AnnotationPolicy;
import io.jcoro.agent.transform.ClassTransformer;
import io.jcoro.agent.transform.MethodOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;

/**
 * One batch of the differential test: generates programs {@code [start, end)}, compiles them in one
 * javac run, runs each plainly and transformed-and-suspending, and compares what the two runs observed.
 */
final class FuzzBatch {
    /** A program whose two runs disagree. */
    record Mismatch(ProgramGenerator.Program program, String expected, String actual, String transformNotes) {}

    /** What one batch found. */
    record Result(int programs, long suspensions, long nestedSuspensions, long resumes, int suspendedPrograms,
                  int threw, int outOfFuel, long events, long compileNanos, List<Mismatch> mismatches) {}

    private final long seed;
    private final ClassFileTransformer transformer;
    private final Path dumpDir;
    private final ExecutorService hopThreads;
    /** One compiler per thread running batches: a compiler is faster from its second compilation on. */
    private final ThreadLocal<InMemoryCompiler> compilers =
            ThreadLocal.withInitial(() -> new InMemoryCompiler(FuzzRuntime.class, Suspendable.class));

    /**
     * @param dumpDir where to write the class files of mismatching programs, or null
     * @param hopThreads threads that some resumes run on, or null
     */
    FuzzBatch(long seed, ClassFileTransformer transformer, Path dumpDir, ExecutorService hopThreads) {
        this.seed = seed;
        this.transformer = transformer;
        this.dumpDir = dumpDir;
        this.hopThreads = hopThreads;
    }

    Result run(int start, int end) {
        List<ProgramGenerator.Program> programs = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        ProgramGenerator.supportSources().forEach((name, src) -> sources.put(ProgramGenerator.PACKAGE + "." + name, src));
        for (int index = start; index < end; index++) {
            ProgramGenerator.Program p = ProgramGenerator.generate(seed, index);
            programs.add(p);
            sources.put(p.qualifiedName(), p.source());
        }
        long compileStart = System.nanoTime();
        Map<String, byte[]> classes = compilers.get().compile(sources);
        long compileNanos = System.nanoTime() - compileStart;

        ClassLoader parent = FuzzBatch.class.getClassLoader();
        ProgramLoader plainLoader = new ProgramLoader(parent, classes, null);
        ProgramLoader wovenLoader = new ProgramLoader(parent, classes, transformer);
        ProgramRunner runner = new ProgramRunner(hopThreads);
        ProgramRun[] expected = runner.runPlain(plainLoader, programs);
        ProgramRun[] actual = runner.runSuspending(wovenLoader, programs, seed, ProgramGenerator.mix(seed, -1 - start));

        long suspensions = 0;
        long nested = 0;
        long events = 0;
        int suspendedPrograms = 0;
        int threw = 0;
        int outOfFuel = 0;
        List<Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            suspensions += actual[i].suspensions();
            nested += actual[i].nestedSuspensions();
            suspendedPrograms += actual[i].suspensions() > 0 ? 1 : 0;
            events += expected[i].events();
            outOfFuel += expected[i].ranOutOfFuel() ? 1 : 0;
            threw += expected[i].threw() ? 1 : 0;
            String e = expected[i].observed();
            String a = actual[i].observed();
            if (!e.equals(a)) {
                ProgramGenerator.Program p = programs.get(i);
                mismatches.add(new Mismatch(p, e, a, transformNotes(wovenLoader, classes, p)));
                if (dumpDir != null) {
                    dump(p, classes, wovenLoader);
                }
            }
        }
        return new Result(programs.size(), suspensions, nested, runner.resumes(), suspendedPrograms, threw, outOfFuel,
                events, compileNanos, mismatches);
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
        ClassHierarchy hierarchy = ClassHierarchy.uncached(loader, SuspendableDeclarations.NONE);
        for (String name : classesOf(p, classes)) {
            try {
                ClassTransformer.Result result = new ClassTransformer(hierarchy,
                        new AnnotationPolicy(new SuspendableOracle(hierarchy))).transform(classes.get(name));
                for (MethodOutcome outcome : result.outcomes()) {
                    if (outcome.kind() != MethodOutcome.Kind.WOVEN) {
                        notes.append("  ").append(outcome).append('\n');
                    }
                }
            } catch (RuntimeException e) {
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
