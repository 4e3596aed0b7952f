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
 * resumes on other threads.
 */
final class ProgramRunner {
    /** Resumes of one program beyond which it is abandoned (it cannot suspend more often than this). */
    private static final int MAX_RESUMES = ProgramRun.FUEL + 2;

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
        ProgramRun[] runs = new ProgramRun[programs.size()];
        for (int i = 0; i < runs.length; i++) {
            ProgramRun run = ProgramRun.plain();
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
            if (continuations[i].isDone() || resumeCounts[i] >= MAX_RESUMES) {
                active.remove(k);
            }
        }
        return runs;
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
