package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Exceptions and suspensions together: exceptions thrown after a resume and caught in an outer frame,
 * nested try/catch/finally with suspensions in every part, finally blocks that override results,
 * try-with-resources whose {@code close()} suspends, suppressed exceptions, and an exception that
 * leaves the continuation.
 */
public final class ExceptionsExample {
    private static final List<String> TRACE = new ArrayList<>();

    public static void main(String[] args) {
        Suspend.run(ExceptionsExample::caughtInOuterFrame);
        Suspend.run(ExceptionsExample::nestedTryCatchFinally);
        System.out.println("nested trace: " + String.join(" ", TRACE));
        TRACE.clear();
        Suspend.run(() -> System.out.println("finally overrides: " + finallyOverrides() + " " + finallyAfterCatch(0) + " " + finallyAfterCatch(1)));
        Suspend.run(ExceptionsExample::tryWithResources);
        System.out.println("resources trace: " + String.join(" ", TRACE));
        Suspend.run(ExceptionsExample::afterSynchronized);
        try {
            Suspend.run(ExceptionsExample::escapes);
        } catch (UnsupportedOperationException e) {
            System.out.println("escaped the continuation: " + e.getMessage() + " at " + ownFrames(e));
        }
    }

    /** This class's frames of a stack trace: the lines must be the user's, suspended or not. */
    static String ownFrames(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(ExceptionsExample.class.getName())) {
                sb.append(sb.length() == 0 ? "" : " < ").append(e.getMethodName()).append(':').append(e.getLineNumber());
            }
        }
        return sb.toString();
    }

    @Suspendable
    static void caughtInOuterFrame() {
        try {
            middle(4);
            System.out.println("not reached");
        } catch (ArithmeticException e) {
            System.out.println("outer frame caught: " + e.getMessage() + " at " + ownFrames(e));
        }
        try {
            middle(-1);
        } catch (IllegalArgumentException e) {
            System.out.println("outer frame caught: " + e.getMessage() + " (cause " + e.getCause().getMessage() + ")");
        }
        String s = null;
        try {
            Suspend.point();
            s.length();
        } catch (NullPointerException e) {
            System.out.println("NPE after resume caught, s is still " + Suspend.v(s));
        }
    }

    @Suspendable
    static int middle(int n) {
        int local = n * 10;
        try {
            return local + inner(n);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("wrapped in middle, local=" + local, e);
        }
    }

    @Suspendable
    static int inner(int n) {
        Suspend.point();
        if (n < 0) {
            throw new IllegalStateException("negative " + n);
        }
        int zero = Suspend.i(0);
        return n / zero;
    }

    @Suspendable
    static void nestedTryCatchFinally() {
        for (int round = 0; round < 3; round++) {
            try {
                TRACE.add("try" + round);
                try {
                    Suspend.point();
                    if (round == 1) {
                        throw new IllegalStateException("r" + round);
                    }
                    if (round == 2) {
                        throw new Error("e" + round);
                    }
                    TRACE.add("body" + Suspend.i(round));
                } catch (IllegalStateException e) {
                    TRACE.add("catch-inner:" + Suspend.v(e.getMessage()));
                    throw new RuntimeException("rethrown-" + round, e);
                } finally {
                    Suspend.point();
                    TRACE.add("finally-inner" + round);
                }
            } catch (RuntimeException e) {
                TRACE.add("catch-outer:" + Suspend.v(e.getMessage()) + "<-" + e.getCause().getMessage());
            } catch (Error e) {
                TRACE.add("catch-error:" + e.getMessage());
                try {
                    Suspend.point();
                    TRACE.add("in-catch-try");
                } finally {
                    TRACE.add("in-catch-finally");
                }
            } finally {
                TRACE.add("finally-outer" + Suspend.i(round));
            }
        }
    }

    @Suspendable
    @SuppressWarnings("finally")
    static int finallyOverrides() {
        try {
            return Suspend.i(1);
        } finally {
            Suspend.point();
            return 2;
        }
    }

    @Suspendable
    static String finallyAfterCatch(int divisor) {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(10 / Suspend.i(divisor));
        } catch (ArithmeticException e) {
            sb.append("div0");
            return sb.append(Suspend.v("-returned")).toString();
        } finally {
            sb.append(Suspend.v("-finally"));
        }
        return sb.toString();
    }

    /** A resource whose close() suspends; closing it may throw. */
    static final class Resource implements AutoCloseable {
        private final String name;
        private final boolean failOnClose;

        Resource(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            TRACE.add("open:" + name);
        }

        @Suspendable
        String read() {
            Suspend.point();
            return name.toUpperCase();
        }

        @Suspendable
        @Override
        public void close() {
            Suspend.point();
            TRACE.add("close:" + name);
            if (failOnClose) {
                throw new IllegalStateException("close failed: " + name);
            }
        }
    }

    @Suspendable
    static void tryWithResources() {
        try (Resource a = new Resource("a", false); Resource b = new Resource(Suspend.v("b"), false)) {
            TRACE.add(a.read() + b.read());
        }
        try (Resource c = new Resource("c", true)) {
            TRACE.add(c.read());
            throw new IllegalArgumentException("body failed");
        } catch (IllegalArgumentException e) {
            TRACE.add("caught:" + e.getMessage() + " suppressed:" + e.getSuppressed()[0].getMessage());
        }
        try (Resource d = new Resource("d", true)) {
            TRACE.add(Suspend.v(d.read()));
        } catch (IllegalStateException e) {
            TRACE.add("caught:" + e.getMessage());
        }
    }

    /**
     * Suspensions next to (not inside) synchronized blocks, including after a try whose handler an
     * exception from inside the block reaches only once the block has released its monitor.
     */
    @Suspendable
    static void afterSynchronized() {
        int count = Suspend.i(0);
        synchronized (TRACE) {
            count++;
        }
        try {
            synchronized (TRACE) {
                count += 10;
                if (count > 5) {
                    throw new IllegalStateException("thrown holding the monitor");
                }
            }
        } catch (IllegalStateException e) {
            count += Suspend.i(100);
        }
        count += Suspend.i(1000);
        System.out.println("around synchronized: " + count + ", monitor free: " + !Thread.holdsLock(TRACE));
    }

    @Suspendable
    static void escapes() {
        int before = Suspend.i(1);
        throw new UnsupportedOperationException("thrown after " + before + " resume point");
    }
}
