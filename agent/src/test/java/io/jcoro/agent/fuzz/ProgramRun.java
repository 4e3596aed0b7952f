package io.jcoro.agent.fuzz;

import io.jcoro.Continuation;
import java.util.Random;

/**
 * One execution of one generated program: the ordered trace of its effects (values it records and
 * the probe sites it passes), its result or exception, and, when it runs inside a continuation,
 * the seeded decisions of where to suspend and whether a JDK method was on the stack when it did. A
 * warm-up run ({@link FuzzRuntime#warm()}) calls callbacks directly instead of through the JDK.
 */
final class ProgramRun {
    /** Events after which a program is stopped with {@link FuelExhausted} (a safety net, rarely hit). */
    static final int FUEL = 40_000;
    private static final int LONG_STRING = 48;

    private final Random decisions;
    private final double suspendProbability;
    private final boolean warmUp;
    private final StringBuilder trace = new StringBuilder();
    private int events;
    private Continuation continuation;
    private int suspensions;
    private int nestedSuspensions;
    private int probes;
    private int jdkSuspensions;
    private int suspensionsBeforeJdk;
    private boolean abandoned;
    private String outcome;
    private Throwable thrown;

    private ProgramRun(Random decisions, double suspendProbability, boolean warmUp) {
        this.decisions = decisions;
        this.suspendProbability = suspendProbability;
        this.warmUp = warmUp;
    }

    /** A run whose probe never suspends. */
    static ProgramRun plain() {
        return new ProgramRun(null, 0, false);
    }

    /** A warm-up run whose probe never suspends. */
    static ProgramRun plainWarmUp() {
        return new ProgramRun(null, 0, true);
    }

    /** A run whose probe suspends at sites drawn from {@code seed}. */
    static ProgramRun suspending(long seed) {
        Random r = new Random(seed);
        double[] probabilities = {0.05, 0.2, 0.5, 0.9, 1.0};
        return new ProgramRun(r, probabilities[r.nextInt(probabilities.length)], false);
    }

    /** A warm-up run whose probe suspends at half the sites or all, drawn from {@code seed}. */
    static ProgramRun suspendingWarmUp(long seed) {
        Random r = new Random(seed);
        return new ProgramRun(r, r.nextBoolean() ? 0.5 : 1.0, true);
    }

    boolean isWarmUp() {
        return warmUp;
    }

    /** Records a probe hit and decides whether the probe suspends there. */
    boolean probe(int site) {
        event().append('p').append(site).append(' ');
        return decide();
    }

    /**
     * Decides whether a probe whose number of hits depends on suspensions (the loop that drives a
     * nested continuation) suspends; not recorded in the trace.
     */
    boolean untracedProbe() {
        return decide();
    }

    private boolean decide() {
        probes++;
        if (decisions != null && decisions.nextDouble() < suspendProbability) {
            if (JdkFrames.betweenProbeAndContinuation() && jdkSuspensions++ == 0) {
                suspensionsBeforeJdk = suspensions + nestedSuspensions;
            }
            if (Continuation.current() == continuation) {
                suspensions++;
            } else {
                nestedSuspensions++; // of a continuation the program runs inside its own
            }
            return true;
        }
        return false;
    }

    /** The continuation the driver runs this program in. */
    void runsIn(Continuation continuation) {
        this.continuation = continuation;
    }

    void record(int id, String value) {
        StringBuilder t = event().append('t').append(id).append('=');
        if (value.length() > LONG_STRING) {
            t.append(value, 0, LONG_STRING / 2).append("..#").append(value.length()).append('/').append(value.hashCode());
        } else {
            t.append(value);
        }
        t.append(' ');
    }

    private StringBuilder event() {
        if (++events > FUEL) {
            throw new FuelExhausted();
        }
        return trace;
    }

    void returned(Object value) {
        outcome = "returned " + FuzzRuntime.desc(value);
    }

    void threw(Throwable t) {
        outcome = "threw " + FuzzRuntime.desc(t);
        thrown = t;
    }

    /** What the run ended with, or null if it returned (or did not finish). */
    Throwable thrown() {
        return thrown;
    }

    /** Called when the driver stopped resuming the run before it finished. */
    void abandon() {
        abandoned = true;
    }

    /** Whether the driver stopped resuming the run before it finished (it suspended too often). */
    boolean abandoned() {
        return abandoned;
    }

    /** Suspensions of the program's own continuation. */
    int suspensions() {
        return suspensions;
    }

    /** Suspensions of continuations the program created and ran itself. */
    int nestedSuspensions() {
        return nestedSuspensions;
    }

    int events() {
        return events;
    }

    /** Probes passed, traced or not: how often the run could have suspended. */
    int probes() {
        return probes;
    }

    /** Suspensions decided while a JDK method was on the stack between the probe and its continuation. */
    int jdkSuspensions() {
        return jdkSuspensions;
    }

    /** Suspensions (through woven code only) before the first of {@link #jdkSuspensions()}. */
    int suspensionsBeforeJdk() {
        return suspensionsBeforeJdk;
    }

    boolean threw() {
        return outcome != null && outcome.startsWith("threw ");
    }

    boolean ranOutOfFuel() {
        return outcome != null && outcome.startsWith("threw " + FuelExhausted.class.getName());
    }

    /** The trace followed by the outcome: what the two runs of a program must agree on. */
    String observed() {
        return trace + "\n=> " + (outcome == null ? "(no outcome: the program did not finish)" : outcome);
    }

    /** Thrown when a program records too many events; deterministic, so both runs throw it at the same point. */
    static final class FuelExhausted extends Error {
        private static final long serialVersionUID = 1L;

        FuelExhausted() {
            super("the program ran out of fuel", null, false, false);
        }
    }
}
