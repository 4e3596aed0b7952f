package io.jcoro.scheduler;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link TestScheduler} chooses which runnable task runs next (a <em>step</em> is one run of a
 * task, from its resume to its next suspension), and in what order timers due at the same instant
 * fire. With a seed, every choice comes from a PRNG seeded with it, so one seed gives one
 * interleaving, on every run and machine.
 *
 * <ul>
 *   <li>{@link #fifo()}: the order the tasks became runnable in, as {@link Scheduler#singleThreaded()}
 *       runs them; timers in deadline order, ties in the order they were set. No choice is random.
 *   <li>{@link #randomWalk()}: each step runs a runnable task chosen uniformly at random; timers due at
 *       the same instant fire in a random order.
 *   <li>{@link #pct(int, int)}: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and
 *       Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS
 *       2010), as Rust's {@code shuttle} adapts it to tasks that appear as they are spawned: each task
 *       gets a random priority when it is first runnable, each step runs the runnable task with the
 *       highest, and at {@code depth - 1} steps drawn at random from {@code 1..steps} the task that
 *       would run is lowered below every other. A bug that needs {@code d} orderings to line up is
 *       found by one run with probability at least {@code 1 / (n * k^(d-1))} for {@code n} tasks and
 *       {@code k} steps; random walk has no such bound, but finds many shallow bugs faster. Timers due
 *       at the same instant fire in a random order.
 * </ul>
 *
 * <p>{@link #toString()} is the code that makes the strategy ({@code ScheduleStrategy.pct(3, 40)}), and
 * {@link #parse} reads the short form ({@code "pct(3, 40)"}, {@code "random"}, {@code "fifo"}) that
 * {@code @JcoroTest(strategy = ...)} takes. Immutable.
 */
public final class ScheduleStrategy {
    /** The step bound of {@link #pct(int)}, for one run whose length is not known yet. */
    static final int DEFAULT_PCT_STEPS = 100;

    private enum Kind { FIFO, RANDOM, PCT }

    private static final ScheduleStrategy FIFO = new ScheduleStrategy(Kind.FIFO, 0, 0);
    private static final ScheduleStrategy RANDOM = new ScheduleStrategy(Kind.RANDOM, 0, 0);
    private static final Pattern PCT = Pattern.compile("pct\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private final Kind kind;
    private final int depth;
    /** PCT's bound on the steps of a run; 0 for {@link #pct(int)}: {@link TestScheduler#explore} learns it. */
    private final int steps;

    private ScheduleStrategy(Kind kind, int depth, int steps) {
        this.kind = kind;
        this.depth = depth;
        this.steps = steps;
    }

    /** No randomness: runnable tasks in FIFO order, as the event loop runs them. */
    public static ScheduleStrategy fifo() {
        return FIFO;
    }

    /** Each step picks a runnable task uniformly at random. */
    public static ScheduleStrategy randomWalk() {
        return RANDOM;
    }

    /**
     * PCT for bugs of depth up to {@code depth} (1: random priorities only; 2: one ordering constraint
     * between two tasks, the common atomicity violation; 3 covers most ordering bugs in practice),
     * with the runs' length learnt: {@link TestScheduler#explore} uses the most steps any earlier run
     * took, and a single run assumes {@value #DEFAULT_PCT_STEPS}.
     *
     * @throws IllegalArgumentException when {@code depth < 1}
     */
    public static ScheduleStrategy pct(int depth) {
        return pct(depth, 0);
    }

    /**
     * PCT for bugs of depth up to {@code depth}, in runs of about {@code steps} steps (the priority
     * change points are drawn from {@code 1..steps}).
     *
     * @throws IllegalArgumentException when {@code depth < 1} or {@code steps < 0}
     */
    public static ScheduleStrategy pct(int depth, int steps) {
        if (depth < 1) {
            throw new IllegalArgumentException("PCT's depth must be at least 1, not " + depth);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("PCT's steps must not be negative: " + steps);
        }
        return new ScheduleStrategy(Kind.PCT, depth, steps);
    }

    /**
     * Reads the short form of a strategy: {@code "fifo"}, {@code "random"}, {@code "pct(D)"} or
     * {@code "pct(D, STEPS)"} (what {@link #shortForm()} writes).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ScheduleStrategy parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("fifo")) {
            return FIFO;
        }
        if (s.equals("random") || s.equals("randomwalk")) {
            return RANDOM;
        }
        Matcher m = PCT.matcher(s);
        if (m.matches()) {
            return pct(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("not a schedule strategy: '" + spec + "' (fifo, random, pct(D) or "
                + "pct(D, STEPS))");
    }

    /** Whether this strategy draws on the seed (all but {@link #fifo()}). */
    public boolean isSeeded() {
        return kind != Kind.FIFO;
    }

    /** The short form {@link #parse} reads. */
    public String shortForm() {
        switch (kind) {
            case FIFO:
                return "fifo";
            case RANDOM:
                return "random";
            default:
                return steps == 0 ? "pct(" + depth + ")" : "pct(" + depth + ", " + steps + ")";
        }
    }

    /** The Java expression that makes this strategy. */
    @Override
    public String toString() {
        switch (kind) {
            case FIFO:
                return "ScheduleStrategy.fifo()";
            case RANDOM:
                return "ScheduleStrategy.randomWalk()";
            default:
                return steps == 0 ? "ScheduleStrategy.pct(" + depth + ")"
                        : "ScheduleStrategy.pct(" + depth + ", " + steps + ")";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleStrategy && ((ScheduleStrategy) o).kind == kind
                && ((ScheduleStrategy) o).depth == depth && ((ScheduleStrategy) o).steps == steps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, depth, steps);
    }

    /** Whether this is a PCT strategy whose step bound is left to learn. */
    boolean learnsSteps() {
        return kind == Kind.PCT && steps == 0;
    }

    /** This PCT strategy with the step bound {@code learnt} (at least 1); any other strategy as it is. */
    ScheduleStrategy withSteps(int learnt) {
        return kind == Kind.PCT ? new ScheduleStrategy(Kind.PCT, depth, Math.max(1, learnt)) : this;
    }

    /** The chooser of one run under {@code seed}. */
    Picker picker(long seed) {
        switch (kind) {
            case FIFO:
                return new Picker(null);
            case RANDOM:
                return new RandomPicker(new SplitMix64(seed));
            default:
                return new PctPicker(new SplitMix64(seed), depth, steps == 0 ? DEFAULT_PCT_STEPS : steps);
        }
    }

    /**
     * The choices of one run: which runnable task runs each step, and the order of timers due at the
     * same instant. Used by the scheduler's driving thread only. This base class is FIFO.
     */
    static class Picker {
        final SplitMix64 random;

        Picker(SplitMix64 random) {
            this.random = random;
        }

        /** The index in {@code runnable} (in the order the tasks became runnable) of the task to run. */
        int pick(List<CoroutineTask<?>> runnable) {
            return 0;
        }

        /** Reorders {@code due} (sorted by deadline, ties by when they were set) where deadlines tie. */
        void orderTies(List<TimerHeap.Timer> due) {
            if (random == null) {
                return;
            }
            int start = 0;
            for (int i = 1; i <= due.size(); i++) {
                if (i == due.size() || due.get(i).deadline != due.get(start).deadline) {
                    for (int j = i - 1; j > start; j--) { // Fisher-Yates over [start, i)
                        int k = start + random.nextInt(j - start + 1);
                        TimerHeap.Timer t = due.get(j);
                        due.set(j, due.get(k));
                        due.set(k, t);
                    }
                    start = i;
                }
            }
        }
    }

    private static final class RandomPicker extends Picker {
        RandomPicker(SplitMix64 random) {
            super(random);
        }

        @Override
        int pick(List<CoroutineTask<?>> runnable) {
            return random.nextInt(runnable.size());
        }
    }

    /**
     * PCT: a task's priority is drawn uniformly from [0, 1) when it is first runnable (the same as
     * inserting it at a uniformly random place in the priority order, as shuttle does); the i-th change
     * point (of {@code depth - 1}, distinct steps drawn from {@code 1..steps}) sets the priority of the
     * task that would run to {@code i - depth}, below every drawn one, later change points above earlier
     * ones, as in the paper.
     */
    private static final class PctPicker extends Picker {
        private final Map<CoroutineTask<?>, Double> priority = new IdentityHashMap<>();
        private final int[] changePoints;
        private int step;
        private int changes;

        PctPicker(SplitMix64 random, int depth, int steps) {
            super(random);
            int n = Math.min(depth - 1, steps);
            int[] chosen = new int[n];
            for (int i = 0; i < n; i++) { // n distinct steps of 1..steps, drawn again on a repeat
                int s;
                do {
                    s = 1 + random.nextInt(steps);
                } while (contains(chosen, i, s));
                chosen[i] = s;
            }
            Arrays.sort(chosen);
            this.changePoints = chosen;
        }

        private static boolean contains(int[] a, int n, int v) {
            for (int i = 0; i < n; i++) {
                if (a[i] == v) {
                    return true;
                }
            }
            return false;
        }

        @Override
        int pick(List<CoroutineTask<?>> runnable) {
            step++;
            for (CoroutineTask<?> t : runnable) {
                priority.computeIfAbsent(t, x -> random.nextDouble());
            }
            int best = highest(runnable);
            if (changes < changePoints.length && changePoints[changes] == step) {
                changes++;
                priority.put(runnable.get(best), (double) (changes - changePoints.length - 1));
                best = highest(runnable);
            }
            return best;
        }

        private int highest(List<CoroutineTask<?>> runnable) {
            int best = 0;
            double top = priority.get(runnable.get(0));
            for (int i = 1; i < runnable.size(); i++) {
                double p = priority.get(runnable.get(i));
                if (p > top) {
                    top = p;
                    best = i;
                }
            }
            return best;
        }
    }
}
