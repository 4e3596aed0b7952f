package io.jcoro.agent.fuzz;

import java.lang.reflect.Array;

/**
 * What generated programs call besides each other: recording trace events, the probe's suspend
 * decision, and deterministic descriptions of values. It lives in the test's own class loader and is
 * never transformed; the {@link ProgramRun} it records into is bound to the thread by the driver
 * around each direct run or {@code resume()}.
 */
public final class FuzzRuntime {
    private static final ThreadLocal<ProgramRun> CURRENT = new ThreadLocal<>();
    private static final int CAP = 24;

    private FuzzRuntime() {}

    static void bind(ProgramRun run) {
        CURRENT.set(run);
    }

    static void unbind() {
        CURRENT.remove();
    }

    private static ProgramRun run() {
        ProgramRun run = CURRENT.get();
        if (run == null) {
            throw new IllegalStateException("no program run is bound to this thread");
        }
        return run;
    }

    /** Called by the generated probe {@code Probe.p(site)}: whether it should suspend now. */
    public static boolean hit(int site) {
        return run().probe(site);
    }

    /** Called by the generated probe {@code Probe.q(site)}: like {@link #hit} but not traced. */
    public static boolean hitUntraced(int site) {
        return run().untracedProbe();
    }

    /**
     * Whether this run is a warm-up: programs with JDK callbacks then call each callback directly
     * instead of through the JDK method ({@link JdkCallbackGenerator}).
     */
    public static boolean warm() {
        return run().isWarmUp();
    }

    /** A new mutable list of the values: programs build collections from it without generic inference. */
    public static java.util.List<Integer> ints(int... values) {
        java.util.List<Integer> list = new java.util.ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    /** Called by a program's entry with the entry method's result. */
    public static void ret(Object value) {
        run().returned(value);
    }

    // One trace method per kind, not overloads: javac resolves overloads with poly-expression arguments
    // (lambdas, switch expressions, conditionals) slowly, and generated arguments are full of them.

    public static void tI(int id, int v) {
        run().record(id, "I" + v);
    }

    public static void tJ(int id, long v) {
        run().record(id, "J" + v);
    }

    public static void tF(int id, float v) {
        run().record(id, desc(v));
    }

    public static void tD(int id, double v) {
        run().record(id, desc(v));
    }

    public static void tZ(int id, boolean v) {
        run().record(id, "Z" + v);
    }

    public static void tC(int id, char v) {
        run().record(id, "C" + (int) v);
    }

    public static void tO(int id, Object v) {
        run().record(id, desc(v));
    }

    /** Keeps strings short so that repeated concatenation cannot blow up: long ones become a digest. */
    public static String cap(String s) {
        if (s.length() <= CAP) {
            return s;
        }
        return s.substring(0, CAP / 2) + "~" + Integer.toHexString(s.hashCode());
    }

    /** A description of a value that is the same in every run (no identity hash codes). */
    public static String desc(Object v) {
        return desc(v, 0);
    }

    private static String desc(Object v, int depth) {
        if (v == null) {
            return "null";
        }
        if (depth > 3) {
            return "...";
        }
        if (v instanceof String) {
            return "\"" + v + "\"";
        }
        if (v instanceof Float || v instanceof Double) {
            // every NaN prints as NaN: which NaN bit pattern an operation yields is not specified, and
            // may differ between the interpreter and compiled code
            return (v instanceof Float ? "F" : "D") + v;
        }
        if (v instanceof Character) {
            return "C" + (int) (Character) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.getClass().getSimpleName() + v;
        }
        if (v.getClass().isArray()) {
            StringBuilder sb = new StringBuilder(v.getClass().getComponentType().getSimpleName()).append('[');
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(desc(Array.get(v, i), depth + 1));
            }
            return sb.append(']').toString();
        }
        if (v instanceof java.util.Map) {
            StringBuilder sb = new StringBuilder("{");
            for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
                sb.append(sb.length() == 1 ? "" : ", ").append(desc(e.getKey(), depth + 1)).append('=')
                        .append(desc(e.getValue(), depth + 1));
            }
            return sb.append('}').toString();
        }
        if (v instanceof java.util.Collection) {
            StringBuilder sb = new StringBuilder("[");
            for (Object e : (java.util.Collection<?>) v) {
                sb.append(sb.length() == 1 ? "" : ", ").append(desc(e, depth + 1));
            }
            return sb.append(']').toString();
        }
        if (v instanceof StringBuilder) {
            return "SB\"" + v + "\"";
        }
        if (v instanceof Throwable) {
            if (v instanceof ArithmeticException || v instanceof ArrayIndexOutOfBoundsException
                    || v instanceof ArrayStoreException || v instanceof NegativeArraySizeException) {
                // Thrown by the JVM, never by generated code: in hot compiled code HotSpot may throw a
                // preallocated instance without a message (OmitStackTraceInFastThrow), in either run.
                return v.getClass().getName();
            }
            return v.getClass().getName() + ": " + ((Throwable) v).getMessage();
        }
        return v.getClass().getSimpleName();
    }
}
