package io.jcoro.scheduler;

import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.scheduler.io.LoopSteps;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A scheduler for tests: virtual time, and a seeded choice of which task runs next, so that a test of
 * a one-hour timeout takes no time and a race shows up, and replays, by its seed.
 *
 * <pre>{@code
 * try (TestScheduler s = TestScheduler.create()) {
 *     s.blockOn(() -> {
 *         Coroutines.sleep(Duration.ofHours(1)); // returns at once
 *         return null;
 *     });
 *     assert s.now().equals(Duration.ofHours(1));
 * }
 *
 * TestScheduler.explore(1000, () -> { ... });   // 1000 interleavings; a failure names its seed
 * TestScheduler.replay(37L, ScheduleStrategy.pct(3, 41), () -> { ... });   // that one again
 * }</pre>
 *
 * <p><b>Who runs the tasks.</b> No thread of its own: the tasks run on the thread that <em>drives</em>
 * the scheduler, inside {@link #blockOn}, {@link #advanceBy}, {@link #advanceUntilIdle},
 * {@link #runCurrent} and {@link #close()}; between those calls nothing runs, and tasks spawned or woken
 * meanwhile wait in order. One thread drives a given scheduler (the first that does), one call at a
 * time; a task cannot drive its own scheduler.
 *
 * <p><b>Virtual time.</b> The clock ({@link #now()}, {@link Coroutines#nanoTime()}) starts at zero and
 * moves only when the scheduler moves it: it stands still while any task is runnable, and when every
 * task waits it jumps to the next timer's deadline ({@link Coroutines#sleep}, {@link Coroutines#withTimeout},
 * {@link Interval}, a select's {@code onTimeout}, a socket's timeout), fires it, and goes on. So
 * {@code sleep(Duration.ofHours(1))} returns at once in real time, with the clock an hour later. Timers
 * due at the same instant fire before the next task runs.
 *
 * <p><b>Waiting on the outside.</b> The clock jumps only when nothing but a timer can wake a task, and
 * the scheduler knows that only of the waits it is told of. While a task waits inside
 * {@link Coroutines#blocking} or on a socket ({@link io.jcoro.scheduler.net.AsyncSocket}), the clock
 * waits for real: the driving thread waits for the wake-up, up to the next timer's deadline in real
 * time, and the clock moves by the real time that passed; so a {@code withTimeout(5 s)} around a socket
 * read fires after 5 real seconds if nothing comes, and an hour's sleep of another task ends an hour of
 * real time later. Waits it is not told of (a promise that another thread completes, a
 * {@code CompletableFuture}) it cannot see: while timers are pending, the clock jumps past them, so a
 * timeout around one fires at once; with no timer pending, {@link #blockOn} waits for real until the
 * other thread wakes a task (and {@link #advanceUntilIdle} returns: it is idle). A run whose tasks are
 * woken from outside depends on real timing, so its seed does not replay it.
 *
 * <p><b>Seeded scheduling.</b> Built with a seed and a seeded {@link ScheduleStrategy} ({@link #seeded}),
 * every choice the scheduler makes (which runnable task runs each step, the order of timers due at the
 * same instant) is drawn from a PRNG seeded with it: the same seed and strategy give the same
 * interleaving, the same {@link #trace()} and the same result, every time, on every JDK and machine,
 * as long as the code under test is deterministic itself (no other threads, no real time, no
 * iteration over identity hash codes). {@link #create()} is FIFO, as the event loop.
 *
 * <p>Blocked-task detection is off (time is virtual). Everything else is the scheduler's: scopes,
 * channels, select, the sync primitives, task-locals, unobserved failures.
 */
public final class TestScheduler extends AbstractScheduler {
    /** The seed of an exploration's first iteration; iteration {@code i} runs under {@code FIRST_SEED + i}. */
    public static final long FIRST_SEED = 1;
    /** The depth of the PCT runs of {@link #explore(int, Body)}: most ordering bugs are of depth 2 or 3. */
    static final int EXPLORE_PCT_DEPTH = 3;
    /** Not a time: {@code drive} without a horizon. */
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final int TRACE_SHOWN = 100;

    private final VirtualClock virtual;
    private final long seed;
    private final ScheduleStrategy strategy;

    // the driving thread only (one thread drives, one call at a time: see enter())
    private final ScheduleStrategy.Picker picker;
    private final TimerHeap timers = new TimerHeap();
    /** The runnable tasks, in the order they became runnable. */
    private final List<CoroutineTask<?>> runnable = new ArrayList<>();
    private final List<TimerHeap.Timer> due = new ArrayList<>();
    private long[] trace = new long[64];
    private int steps;
    /**
     * Tasks waiting on the outside: inside {@link Coroutines#blocking}, or on a socket
     * ({@link OutsideWaits}). Changed by tasks, so on the driving thread.
     */
    private int outside;

    /**
     * What other threads hand the driving thread, and what is queued while nobody drives: tasks to run
     * and timers to add, in arrival order. Guarded by its own monitor, on which the driving thread waits
     * for real when only the outside can wake a task.
     */
    private final ArrayDeque<Runnable> inbox = new ArrayDeque<>();
    /** The thread inside a driving call, else null. Written by that thread only. */
    private volatile Thread driving;
    /** The one thread that may drive; set by the first driving call. Guarded by {@link #inbox}. */
    private Thread owner;

    TestScheduler(SchedulerBuilder.Settings settings, long seed, ScheduleStrategy strategy) {
        super(settings.forVirtualTime(new VirtualClock()));
        this.virtual = (VirtualClock) clock;
        this.seed = seed;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.picker = strategy.picker(seed);
    }

    /** A FIFO test scheduler on virtual time, with default options. */
    public static TestScheduler create() {
        return Scheduler.builder().virtualTime();
    }

    /** A test scheduler on virtual time whose every choice is drawn, by random walk, from {@code seed}. */
    public static TestScheduler seeded(long seed) {
        return seeded(seed, ScheduleStrategy.randomWalk());
    }

    /** A test scheduler on virtual time whose every choice is drawn, by {@code strategy}, from {@code seed}. */
    public static TestScheduler seeded(long seed, ScheduleStrategy strategy) {
        return Scheduler.builder().virtualTime(seed, strategy);
    }

    // ---------------------------------------------------------------- the test's controls

    /** The virtual time since the scheduler was made. */
    public Duration now() {
        return Duration.ofNanos(virtual.now);
    }

    /** The seed the scheduler's choices are drawn from (unused by {@link ScheduleStrategy#fifo()}). */
    public long seed() {
        return seed;
    }

    public ScheduleStrategy strategy() {
        return strategy;
    }

    /** The ids of the tasks (1 for the first spawned, in spawn order) in the order their runs began. */
    public List<Long> trace() {
        List<Long> ids = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            ids.add(trace[i]);
        }
        return Collections.unmodifiableList(ids);
    }

    /** How many runs of tasks the scheduler made: the length of {@link #trace()}. */
    public int steps() {
        return steps;
    }

    /**
     * Runs the tasks and the timers due until {@code d} of virtual time from {@link #now()}: each
     * timer at its deadline, the tasks it wakes before the clock moves on. Returns when the clock reads
     * {@code now() + d} and no task is runnable. (A task that never stops being runnable, a loop of
     * {@code yieldNow()}, makes it run forever.)
     */
    public void advanceBy(Duration d) {
        long nanos = nanos(d);
        driveUninterruptibly(() -> false, virtual.now + nanos);
    }

    /**
     * Runs until no task is runnable and no timer is pending, moving the clock from timer to timer; an
     * {@link Interval} or a sleep loop never lets it end. Returns at once when only a wake-up from
     * outside can make progress.
     */
    public void advanceUntilIdle() {
        driveUninterruptibly(() -> false, NO_LIMIT);
    }

    /** Runs the runnable tasks and the timers due now, without moving the clock. */
    public void runCurrent() {
        driveUninterruptibly(() -> false, virtual.now);
    }

    /**
     * Spawns {@code body} and runs the scheduler on this thread until it has finished, moving the clock
     * from timer to timer whenever every task waits; returns its value or throws its failure as it is.
     * The other tasks stay as they are when it ends (runnable ones run at the next driving call, or are
     * cancelled by {@link #close()}). When no task can run and no timer is pending, it waits for real
     * for a wake-up from another thread.
     *
     * @throws IllegalStateException when called from one of the scheduler's tasks, or from another
     *     thread than the one that drives this scheduler
     */
    @Override
    public <T> T blockOn(SuspendableCallable<T> body) throws Exception {
        if (driving == Thread.currentThread()) {
            enter(); // throws: a task driving its own scheduler
        }
        Task<T> task = spawn(body);
        Promise<T> p = task.promise(); // before it runs: its failure is observed, never reported
        try {
            drive(task::isDone, NO_LIMIT, true);
        } catch (InterruptedException e) {
            task.cancel();
            throw e;
        }
        if (p.isFailed()) {
            throw Sneaky.<Exception>rethrow(p.exceptionNow());
        }
        return p.resultNow();
    }

    // ---------------------------------------------------------------- exploration

    /** A test body that may suspend, run as a task of a {@link TestScheduler}. */
    @FunctionalInterface
    public interface Body {
        @Suspendable
        void run() throws Exception;
    }

    /**
     * Runs {@code body} {@code iterations} times, each time as the first task of a new seeded
     * {@link TestScheduler}, iteration {@code i} under seed {@link #FIRST_SEED}{@code + i}, alternating
     * random walk (even iterations) and PCT of depth 3 (odd ones, with the most steps an earlier run
     * took as its bound). Stops at the first failing run: see {@link #explore(int, ScheduleStrategy, Body)}.
     */
    public static void explore(int iterations, Body body) {
        explore(iterations, null, body);
    }

    /**
     * Runs {@code body} {@code iterations} times, each time as the first task of a new
     * {@link TestScheduler} seeded with {@link #FIRST_SEED}{@code + i} for iteration {@code i}, under
     * {@code strategy} (null: alternate random walk and PCT of depth 3). A PCT strategy without a step
     * bound ({@link ScheduleStrategy#pct(int)}) uses the most steps any earlier run took. After each run
     * the scheduler is closed (unfinished tasks are cancelled).
     *
     * <p>A run fails when the body throws, or when a task fails and nobody observes its failure (see
     * {@link UnobservedFailureHandler}). The first failing run stops the exploration with an
     * {@link AssertionError} whose cause is the failure and whose message names the seed, the strategy,
     * the trace, and the line of code that replays that run ({@link #replay}).
     *
     * @throws IllegalArgumentException when {@code iterations < 1}
     */
    public static void explore(int iterations, ScheduleStrategy strategy, Body body) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
        }
        Objects.requireNonNull(body, "body");
        int mostSteps = 0;
        for (int i = 0; i < iterations; i++) {
            long seed = FIRST_SEED + i;
            ScheduleStrategy s = strategy != null ? strategy
                    : i % 2 == 0 ? ScheduleStrategy.randomWalk() : ScheduleStrategy.pct(EXPLORE_PCT_DEPTH);
            if (s.learnsSteps()) {
                s = s.withSteps(mostSteps == 0 ? ScheduleStrategy.DEFAULT_PCT_STEPS : mostSteps);
            }
            Run run = runOnce(seed, s, body);
            mostSteps = Math.max(mostSteps, run.steps);
            if (run.failure != null) {
                throw new AssertionError(failureMessage(i, iterations, seed, s, run), run.failure);
            }
        }
    }

    /**
     * Runs {@code body} once, as {@link #explore} runs it under {@code seed} and {@code strategy}: the
     * same interleaving, so the same outcome. Throws what the run failed with, as it is (an unobserved
     * task failure as an {@link AssertionError} with it as the cause).
     */
    public static void replay(long seed, ScheduleStrategy strategy, Body body) throws Exception {
        Run run = runOnce(seed, Objects.requireNonNull(strategy, "strategy"), Objects.requireNonNull(body, "body"));
        if (run.failure != null) {
            throw Sneaky.<Exception>rethrow(run.failure);
        }
    }

    /** What one run of a body came to: its failure (or null), its steps and trace. */
    private record Run(Throwable failure, int steps, List<Long> trace) {}

    private static Run runOnce(long seed, ScheduleStrategy strategy, Body body) {
        List<Throwable> unobserved = Collections.synchronizedList(new ArrayList<>());
        // a name without a counter: task names (in messages) are the same in a replay
        TestScheduler s = Scheduler.builder().name("jcoro-test-" + seed)
                .unobservedFailureHandler((task, failure) -> unobserved.add(failure))
                .virtualTime(seed, strategy);
        Throwable failure = null;
        try {
            s.blockOn(() -> {
                body.run();
                return null;
            });
        } catch (Throwable t) {
            failure = t;
        } finally {
            s.close();
        }
        if (failure == null && !unobserved.isEmpty()) {
            failure = new AssertionError("a task failed and nobody observed its failure: "
                    + unobserved.get(0), unobserved.get(0));
        }
        return new Run(failure, s.steps(), s.trace());
    }

    private static String failureMessage(int i, int iterations, long seed, ScheduleStrategy s, Run run) {
        List<Long> t = run.trace;
        String trace = t.size() <= TRACE_SHOWN ? t.toString()
                : t.subList(0, TRACE_SHOWN).toString().replaceFirst("]$", ", ... (" + t.size() + " runs)]");
        return "explore: iteration " + (i + 1) + " of " + iterations + " failed, under seed " + seed + " and "
                + s + ": " + run.failure + "\n"
                + "replay it (the same interleaving, the same failure) with\n"
                + "    TestScheduler.replay(" + seed + "L, " + s + ", body);\n"
                + "or, on a test method, @JcoroTest(seed = " + seed + ", strategy = \"" + s.shortForm() + "\")\n"
                + "task runs (task ids in run order): " + trace;
    }

    // ---------------------------------------------------------------- the loop (the driving thread)

    /**
     * Runs the scheduler on this thread until {@code stop} is true. Each step: take what other threads
     * handed over, fire the timers due now, run one runnable task (the picker's choice). With none
     * runnable: wait for real while a task waits on a blocking call; else move the clock to the next
     * timer if it is due by {@code until} (NO_LIMIT: any); else, idle, move the clock to {@code until}
     * and return, or (NO_LIMIT) return, or with {@code waitWhenIdle} wait for real for another thread's
     * wake-up.
     */
    private void drive(BooleanSupplier stop, long until, boolean waitWhenIdle) throws InterruptedException {
        enter();
        try {
            while (!stop.getAsBoolean()) {
                takeInbox();
                fireDueTimers();
                if (!runnable.isEmpty()) {
                    runOne();
                } else if (outside > 0 && (until == NO_LIMIT || until - virtual.now > 0)) {
                    awaitOutside(until); // the clock follows real time while a task waits on the outside
                } else if (timers.hasTimers() && (until == NO_LIMIT || timers.nextDeadline() - until <= 0)) {
                    virtual.now = timers.nextDeadline(); // every task waits: the next timer is what happens next
                } else if (until != NO_LIMIT) {
                    if (until - virtual.now > 0) {
                        virtual.now = until;
                    }
                    return;
                } else if (waitWhenIdle) {
                    awaitInbox(); // only another thread can wake a task now
                } else {
                    return;
                }
            }
        } finally {
            driving = null;
        }
    }

    private void driveUninterruptibly(BooleanSupplier stop, long until) {
        try {
            drive(stop, until, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only a wait for a blocking call is cut short
        }
    }

    /** Makes the calling thread the driving one, or throws. */
    private void enter() {
        Thread me = Thread.currentThread();
        if (driving == me) {
            throw new IllegalStateException("a task of " + name() + " tried to drive its own scheduler (blockOn, "
                    + "advanceBy, advanceUntilIdle, runCurrent): only the test's thread may; inside a task, sleep or "
                    + "await instead");
        }
        synchronized (inbox) {
            if (owner == null) {
                owner = me;
            } else if (owner != me) {
                throw new IllegalStateException(name() + " is driven by thread " + owner.getName() + ", not by "
                        + me.getName() + ": one thread drives a TestScheduler");
            }
        }
        driving = me;
        timers.setLoopThread(me);
    }

    private void takeInbox() {
        while (true) {
            Runnable r;
            synchronized (inbox) {
                r = inbox.poll();
            }
            if (r == null) {
                return;
            }
            if (r instanceof CoroutineTask) {
                runnable.add((CoroutineTask<?>) r);
            } else {
                LoopSteps.runReporting(r);
            }
        }
    }

    /**
     * While a task waits on the outside (a blocking call, a socket): waits for real for a wake-up, up to
     * the next timer's deadline (or {@code until}) in real time, and moves the clock by the real time
     * that passed, so the timer fires after its real delay if the outside is slower.
     */
    private void awaitOutside(long until) throws InterruptedException {
        long horizon = timers.hasTimers() ? timers.nextDeadline() : NO_LIMIT;
        if (until != NO_LIMIT && (horizon == NO_LIMIT || until - horizon < 0)) {
            horizon = until;
        }
        if (horizon == NO_LIMIT) {
            awaitInbox();
            return;
        }
        long start = System.nanoTime(); // real time, on purpose: it is what the outside takes
        long left = horizon - virtual.now;
        synchronized (inbox) {
            for (long waited = 0; inbox.isEmpty() && waited < left; waited = System.nanoTime() - start) {
                long wait = left - waited;
                inbox.wait(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        virtual.now += Math.min(left, System.nanoTime() - start);
    }

    private void awaitInbox() throws InterruptedException {
        synchronized (inbox) {
            while (inbox.isEmpty()) {
                inbox.wait();
            }
        }
    }

    /** Queues {@code r} for the driving thread, and wakes it if it waits. */
    private void post(Runnable r) {
        synchronized (inbox) {
            inbox.add(r);
            inbox.notifyAll();
        }
    }

    private void fireDueTimers() {
        for (TimerHeap.Timer t = timers.pollExpired(virtual.now); t != null; t = timers.pollExpired(virtual.now)) {
            due.add(t);
        }
        if (due.isEmpty()) {
            return;
        }
        picker.orderTies(due);
        for (TimerHeap.Timer t : due) {
            if (!t.cancelled) { // an action before it may have cancelled it
                LoopSteps.runReporting(t.action);
            }
        }
        due.clear();
    }

    private void runOne() {
        CoroutineTask<?> task = runnable.remove(picker.pick(runnable));
        if (steps == trace.length) {
            trace = Arrays.copyOf(trace, steps * 2);
        }
        trace[steps++] = task.id();
        LoopSteps.runReporting(task);
    }

    // ---------------------------------------------------------------- AbstractScheduler

    /** On the driving thread (a task waking a task): straight to the runnable tasks; else through the inbox. */
    @Override
    void dispatch(CoroutineTask<?> task) {
        if (Thread.currentThread() == driving) {
            runnable.add(task);
        } else {
            post(task);
        }
    }

    @Override
    TimerHandle schedule(long delayNanos, Runnable action) {
        TimerHeap.Timer t = timers.newTimer(virtual.now + Math.max(0, delayNanos), action);
        if (Thread.currentThread() == driving) {
            timers.add(t);
        } else {
            post(() -> timers.add(t));
        }
        return t;
    }

    @Override
    void outsideBegan() {
        outside++;
    }

    @Override
    void outsideEnded() {
        outside--;
    }

    /**
     * close() from the test's thread runs the cancelled tasks to their end here (time jumps as usual);
     * false when they are all waiting on something only the outside could end. From a task, close()
     * waits on a thread of its own, and the tasks end when the test's thread drives again.
     */
    @Override
    boolean awaitDrained(long nanos) {
        Thread me = Thread.currentThread();
        boolean mayDrive;
        synchronized (inbox) {
            mayDrive = driving == null && (owner == null || owner == me);
        }
        if (!mayDrive) {
            return super.awaitDrained(nanos);
        }
        try {
            drive(this::isDrained, NO_LIMIT, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return isDrained();
    }

    /** The thread driving it now, if any. */
    @Override
    boolean isOwnThread(Thread t) {
        return t == driving;
    }

    @Override
    RunSlot slotOf(Thread t) {
        return null;
    }

    @Override
    void stopThreads(boolean drainedInTime) {
        // no threads
    }

    private static long nanos(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot go back in time: " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too far: " + d, e);
        }
    }

    /** The virtual clock: written by the driving thread only, read by any (a timer set from elsewhere). */
    private static final class VirtualClock implements Clock {
        volatile long now;

        @Override
        public long nanoTime() {
            return now;
        }
    }
}
