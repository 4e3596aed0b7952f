package io.jcoro.agent.fuzz;

import io.jcoro.Continuation;
import io.jcoro.SuspendableRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Runs a batch of compiled programs: directly, or each in a continuation, interleaved, with some
 * resumes on other threads; and the warm-up runs of the programs that have one.
 */
final class ProgramRunner {
    /** Resumes of one program beyond which it is abandoned (it cannot suspend more often than this). */
    private static final int MAX_RESUMES = ProgramRun.FUEL + 2;
    /** Resumes beyond those a program's plain run allows (see {@link #resumeCap}). */
    private static final int SLACK = 16;

    private final ExecutorService hopThreads;
    private long resumes;

    /** @param hopThreads threads some resumes run on instead of the caller's, or null */
    ProgramRunner(ExecutorService hopThreads) {
        this.hopThreads = hopThreads;
    }

    long resumes() {
        return resumes;
    }

    /** Runs each program to its end on this thread; the probe never suspends. */
    ProgramRun[] runPlain(ClassLoader loader, List<ProgramGenerator.Program> programs) {
        return runPlain(loader, programs, false);
    }

    /**
     * Runs each program to its end on this thread, the probe never suspending; with {@code warmUps},
     * only the programs that have a warm-up, as warm-up runs (null for the others).
     */
    ProgramRun[] runPlain(ClassLoader loader, List<ProgramGenerator.Program> programs, boolean warmUps) {
        ProgramRun[] runs = new ProgramRun[programs.size()];
        for (int i = 0; i < runs.length; i++) {
            if (warmUps && !programs.get(i).warmUp()) {
                continue;
            }
            ProgramRun run = warmUps ? ProgramRun.plainWarmUp() : ProgramRun.plain();
            runs[i] = run;
            FuzzRuntime.bind(run);
            try {
                newMain(loader, programs.get(i)).run();
            } catch (Throwable t) {
                run.threw(t);
            } finally {
                FuzzRuntime.unbind();
            }
        }
        return runs;
    }

    /**
     * Starts every program in a continuation of its own, whose probe suspends at sites drawn from the
     * program's seed, and resumes the unfinished ones in an order drawn from {@code orderSeed} until
     * all are done; a third of the resumes, also drawn, run on one of the hop threads.
     */
    ProgramRun[] runSuspending(ClassLoader loader, List<ProgramGenerator.Program> programs, long seed, long orderSeed) {
        return runSuspending(loader, programs, seed, orderSeed, null);
    }

    /**
     * Like {@link #runSuspending(ClassLoader, List, long, long)}, abandoning a program once it was
     * resumed more often than its plain run ({@code plain[i]}, or null for no such limit) allows.
     */
    ProgramRun[] runSuspending(ClassLoader loader, List<ProgramGenerator.Program> programs, long seed, long orderSeed,
                               ProgramRun[] plain) {
        ProgramRun[] runs = new ProgramRun[programs.size()];
        List<Integer> active = new ArrayList<>();
        Continuation[] continuations = new Continuation[runs.length];
        int[] resumeCounts = new int[runs.length];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = ProgramRun.suspending(ProgramGenerator.mix(seed ^ 0x5EED, programs.get(i).index()));
            try {
                continuations[i] = new Continuation(newMain(loader, programs.get(i)));
                runs[i].runsIn(continuations[i]);
                active.add(i);
            } catch (Throwable t) {
                runs[i].threw(t);
            }
        }
        Random order = new Random(orderSeed);
        while (!active.isEmpty()) {
            int k = order.nextInt(active.size());
            int i = active.get(k);
            resumes++;
            resumeCounts[i]++;
            if (hopThreads != null && order.nextInt(3) == 0) {
                // the saved frames live in the continuation: the next resume may be on another thread
                try {
                    hopThreads.submit(() -> resume(continuations[i], runs[i])).get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                resume(continuations[i], runs[i]);
            }
            if (continuations[i].isDone()) {
                active.remove(k);
            } else if (resumeCounts[i] >= resumeCap(plain == null ? null : plain[i])) {
                runs[i].abandon();
                active.remove(k);
            }
        }
        return runs;
    }

    /**
     * Runs the warm-up of each program that has one in a continuation of its own, on this thread,
     * resuming it until it is done; the probe suspends at half the sites or all. Returns the runs
     * (null for programs without a warm-up); {@code plainWarmUps} are the same runs done plainly.
     */
    ProgramRun[] runWarmUps(ClassLoader loader, List<ProgramGenerator.Program> programs, long seed,
                            ProgramRun[] plainWarmUps) {
        ProgramRun[] runs = new ProgramRun[programs.size()];
        for (int i = 0; i < runs.length; i++) {
            if (!programs.get(i).warmUp()) {
                continue;
            }
            runs[i] = ProgramRun.suspendingWarmUp(ProgramGenerator.mix(seed ^ 0x3A7, programs.get(i).index()));
            Continuation continuation;
            try {
                continuation = new Continuation(newMain(loader, programs.get(i)));
            } catch (Throwable t) {
                runs[i].threw(t);
                continue;
            }
            runs[i].runsIn(continuation);
            int cap = resumeCap(plainWarmUps[i]);
            for (int n = 0; !continuation.isDone(); n++) {
                if (n >= cap) {
                    runs[i].abandon();
                    break;
                }
                resume(continuation, runs[i]); // not counted in resumes(): those are the real runs
            }
        }
        return runs;
    }

    /**
     * How often a program may be resumed: once, plus once per probe its plain run passed (each can
     * suspend once), doubled for the probes of nested continuations' driving loops, whose passes
     * grow with the nested continuations' suspensions; a livelock soon exceeds that.
     */
    private static int resumeCap(ProgramRun plain) {
        return plain == null ? MAX_RESUMES : 2 * plain.probes() + SLACK;
    }

    private static void resume(Continuation continuation, ProgramRun run) {
        FuzzRuntime.bind(run);
        try {
            continuation.resume();
        } catch (Throwable t) {
            run.threw(t);
        } finally {
            FuzzRuntime.unbind();
        }
    }

    private static SuspendableRunnable newMain(ClassLoader loader, ProgramGenerator.Program program) throws Throwable {
        try {
            return (SuspendableRunnable) Class.forName(program.mainClass(), true, loader).getDeclaredConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
