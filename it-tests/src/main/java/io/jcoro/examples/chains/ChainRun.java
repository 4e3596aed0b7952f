package io.jcoro.examples.chains;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.SuspendableRunnable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the chain-shape examples share: a suspension point, and two arguments that choose how the
 * example's body runs and whether the same point suspended before the body reaches the library.
 *
 * <ul>
 *   <li>runner {@code continuation}: in a plain {@code new Continuation(...)}, resumed here until done;
 *       {@code scheduler}: as a task, {@code Scheduler.singleThreaded().blockOn(...)}.
 *   <li>warm-up {@code none}: the body as it is; {@code same-body}: the example's second body, the same
 *       code after a suspension at {@link #point()} through woven code only; {@code earlier}: a separate
 *       continuation, or a task on the same scheduler, suspends at {@link #point()} and finishes before
 *       the body starts. Every continuation is made at one place, as a program that starts many from
 *       one helper does.
 * </ul>
 *
 * A failed suspension propagates out of {@code main} ({@code resume()} or {@code blockOn} throws it),
 * so the JVM prints it and exits with status 1. Nothing here may run forever: after
 * {@value #MAX_SUSPENSIONS} suspensions, or as many resumes of one continuation, the example prints
 * {@code gave up: ...} and exits with status 3. {@code -Djcoro.suspend=never} makes {@link #point()}
 * return at once: the examples then print their right result.
 */
public final class ChainRun {
    static final int MAX_SUSPENSIONS = 100;
    private static final boolean SUSPENDING = !"never".equals(System.getProperty("jcoro.suspend", "always"));
    private static final AtomicInteger SUSPENSIONS = new AtomicInteger();

    private ChainRun() {}

    /** Suspends: a yield on a scheduler, a plain {@code Continuation.suspend()} in a plain continuation. */
    @Suspendable
    public static void point() {
        if (!SUSPENDING) {
            return;
        }
        if (SUSPENSIONS.incrementAndGet() > MAX_SUSPENSIONS) {
            giveUp("more than " + MAX_SUSPENSIONS + " suspensions (the body keeps re-running)");
        }
        Coroutines.yieldNow();
    }

    /**
     * Runs {@code body}, or {@code warmedUpBody} for the same-body warm-up, as {@code args} say:
     * {@code <continuation|scheduler> <none|same-body|earlier>}.
     */
    public static void run(String[] args, SuspendableRunnable body, SuspendableRunnable warmedUpBody) throws Exception {
        String runner = args[0];
        String warmUp = args[1];
        if (!warmUp.equals("none") && !warmUp.equals("same-body") && !warmUp.equals("earlier")) {
            throw new IllegalArgumentException("warm-up: none, same-body or earlier, not " + warmUp);
        }
        SuspendableRunnable work = warmUp.equals("same-body") ? warmedUpBody : body;
        boolean earlier = warmUp.equals("earlier");
        switch (runner) {
            case "continuation":
                if (earlier) {
                    drive(coroutine(ChainRun::point));
                    System.out.println("warm-up: suspended in an earlier continuation");
                }
                drive(coroutine(work));
                break;
            case "scheduler":
                try (Scheduler scheduler = Scheduler.singleThreaded()) {
                    if (earlier) {
                        scheduler.blockOn(task(ChainRun::point));
                        System.out.println("warm-up: suspended in an earlier task");
                    }
                    scheduler.blockOn(task(work));
                }
                break;
            default:
                throw new IllegalArgumentException("runner: continuation or scheduler, not " + runner);
        }
    }

    /**
     * A continuation whose body forwards to {@code work}: one body class for all of them (what the runtime
     * remembers a verified chain by), and no frame of its own (a lambda proxy only forwards).
     */
    private static Continuation coroutine(SuspendableRunnable work) {
        return new Continuation(work::run);
    }

    private static SuspendableCallable<Void> task(SuspendableRunnable work) {
        return () -> {
            work.run();
            return null;
        };
    }

    /** Resumes {@code c} until it is done, at most {@value #MAX_SUSPENSIONS} times. */
    private static void drive(Continuation c) {
        for (int resumes = 0; !c.isDone(); resumes++) {
            if (resumes == MAX_SUSPENSIONS) {
                giveUp(MAX_SUSPENSIONS + " resumes and the continuation is not done (the body keeps re-running)");
            }
            c.resume();
        }
    }

    private static void giveUp(String why) {
        System.out.println("gave up: " + why);
        System.out.flush();
        System.exit(3);
    }
}
