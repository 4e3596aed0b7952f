package io.jcoro.examples.support;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableRunnable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Suspension points for the example programs, switched by the system property {@code jcoro.suspend}:
 * {@code never} (the default) makes {@link #point()} return at once, {@code always} makes it suspend
 * the running continuation. A correct transformation gives the same output both ways, and the
 * {@code never} run works without the agent, so it is the ground truth.
 *
 * <p>When the JVM exits this class prints {@code [jcoro-examples] suspensions=N} on stderr: how many
 * times a continuation driven here returned from {@code resume()} without being done. The integration
 * tests read it to check that an {@code always} run really suspended.
 */
public final class Suspend {
    private static final boolean ALWAYS = readMode();
    private static final AtomicInteger SUSPENSIONS = new AtomicInteger();
    private static volatile int lastResumes;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> System.err.println("[jcoro-examples] suspensions=" + SUSPENSIONS.get()), "suspend-stats"));
    }

    private Suspend() {}

    private static boolean readMode() {
        String mode = System.getProperty("jcoro.suspend", "never");
        switch (mode) {
            case "always":
                return true;
            case "never":
                return false;
            default:
                throw new IllegalArgumentException("jcoro.suspend must be 'always' or 'never', not '" + mode + "'");
        }
    }

    /** Whether {@link #point()} suspends in this JVM. */
    public static boolean suspending() {
        return ALWAYS;
    }

    /** Suspends the running continuation when {@code jcoro.suspend=always}; returns at once otherwise. */
    @Suspendable
    public static void point() {
        if (ALWAYS) {
            Continuation.suspend();
        }
    }

    @Suspendable
    public static int i(int v) {
        point();
        return v;
    }

    @Suspendable
    public static long l(long v) {
        point();
        return v;
    }

    @Suspendable
    public static float f(float v) {
        point();
        return v;
    }

    @Suspendable
    public static double d(double v) {
        point();
        return v;
    }

    @Suspendable
    public static boolean z(boolean v) {
        point();
        return v;
    }

    @Suspendable
    public static char c(char v) {
        point();
        return v;
    }

    @Suspendable
    public static byte b(byte v) {
        point();
        return v;
    }

    @Suspendable
    public static short s(short v) {
        point();
        return v;
    }

    @Suspendable
    public static <T> T v(T v) {
        point();
        return v;
    }

    /** Runs {@code body} in a new continuation, resuming it until it is done. */
    public static void run(SuspendableRunnable body) {
        Continuation c = new Continuation(body);
        int resumes = 0;
        do {
            resumes++;
            resume(c);
        } while (!c.isDone());
        lastResumes = resumes;
    }

    /** How many times the last {@link #run} resumed its continuation (1 when nothing suspended). */
    public static int lastResumes() {
        return lastResumes;
    }

    /** Resumes {@code c} once, counting a suspension when it comes back not done. */
    public static void resume(Continuation c) {
        c.resume();
        if (!c.isDone()) {
            SUSPENSIONS.incrementAndGet();
        }
    }

    /** Suspensions counted so far in this JVM. */
    public static int suspensions() {
        return SUSPENSIONS.get();
    }
}
