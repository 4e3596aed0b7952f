package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates random, deterministic, terminating Java programs from a seed. A program is one class
 * {@code fz.P<index>} of {@code @Suspendable} static methods {@code m0..mN} (each may call later ones,
 * and itself with a decreasing depth {@code dp}), plus {@code P<index>.Main}, a
 * {@code SuspendableRunnable} that calls {@code m0} and reports its result. Programs share the
 * support classes of {@link #supportSources()}: the probe and three exception classes.
 */
final class ProgramGenerator {
    static final String PACKAGE = "fz";

    /**
     * How large programs are and what they contain. {@link #FULL} is the differential test's: the same
     * seed and index give the same program as before profiles existed.
     *
     * @param maxMethods at most this many static methods m0..
     * @param classesInTen chances in ten that a program has the classes K and K2
     * @param minStatements top-level statements per method, at least
     * @param maxStatements top-level statements per method, at most
     * @param budget estimated executed statements per method (calls included) beyond which no more
     *     calls or compound statements are written
     * @param maxExpressionDepth the depth of a statement's expressions, at most (1 to 3)
     * @param heavyShapes whether hot loops (the JIT compiles them) and methods with over 256 locals are written
     * @param jdkCallbackPercent of statements, how many use a JDK method that calls back a lambda that
     *     may suspend, or loop over a JDK collection ({@link JdkCallbackGenerator})
     * @param warmUpPercent of programs, how many are also run as a warm-up ({@link FuzzRuntime#warm()})
     */
    record Profile(int maxMethods, int classesInTen, int minStatements, int maxStatements, long budget,
                   int maxExpressionDepth, boolean heavyShapes, int jdkCallbackPercent, int warmUpPercent) {
        static final Profile FULL = new Profile(6, 4, 2, 7, 1_500, 3, true, 0, 0);

        boolean jdkCallbacks() {
            return jdkCallbackPercent > 0;
        }
    }

    /**
     * One generated program: its class name (without package) and source, and whether it runs a
     * warm-up first.
     */
    record Program(int index, String className, String source, boolean warmUp) {
        String qualifiedName() {
            return PACKAGE + "." + className;
        }

        String mainClass() {
            return qualifiedName() + "$Main";
        }
    }

    /** The program with the given index; the same seed and index always give the same program. */
    static Program generate(long seed, int index) {
        return generate(seed, index, Profile.FULL);
    }

    /** The program of the profile with the given index; the same arguments always give the same program. */
    static Program generate(long seed, int index, Profile profile) {
        Random r = new Random(mix(seed, index));
        String className = "P" + index;
        ProgramShape shape = new ProgramShape(profile, signatures(r, profile));
        String[] bodies = new String[shape.methods.size()];
        for (int i = bodies.length - 1; i >= 0; i--) {
            MethodContext context = new MethodContext(r, shape, i);
            bodies[i] = new StatementGenerator(context, new ExpressionGenerator(context)).method();
            long recursion = context.selfCalls == 0 ? 1 : context.selfCalls == 1 ? 5 : 31;
            shape.costs[i] = context.cost * recursion;
        }
        StringBuilder src = new StringBuilder()
                .append("package ").append(PACKAGE).append(";\n\n")
                .append("import io.jcoro.Suspendable;\n")
                .append(profile.jdkCallbacks() ? JdkCallbackGenerator.IMPORTS : "")
                .append("import static io.jcoro.agent.fuzz.FuzzRuntime.*;\n\n")
                .append("public final class ").append(className).append(" {\n");
        for (int i = 0; i < bodies.length; i++) {
            String owner = shape.methods.get(i).owner();
            if (owner == null) {
                src.append(bodies[i]).append('\n');
            } else if (owner.equals("K2")) {
                src.append("    static final class K2 extends K {\n        K2(int f) {\n            super(f);\n        }\n\n")
                        .append(indent(bodies[i])).append("    }\n\n");
            } else {
                src.append("    static class K {\n        int f;\n\n        K(int f) {\n            this.f = f;\n        }\n\n")
                        .append(indent(bodies[i])).append("    }\n\n");
            }
        }
        src.append("    public static final class Main implements io.jcoro.SuspendableRunnable {\n")
                .append("        @Override\n")
                .append("        public void run() {\n")
                .append("            ret(").append(entryCall(r, shape)).append(");\n")
                .append("        }\n")
                .append("    }\n")
                .append("}\n");
        boolean warmUp = profile.warmUpPercent() > 0 && r.nextInt(100) < profile.warmUpPercent();
        return new Program(index, className, src.toString(), warmUp);
    }

    private static String indent(String method) {
        return method.lines().map(l -> l.isEmpty() ? "\n" : "    " + l + "\n").collect(java.util.stream.Collectors.joining());
    }

    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Static methods m0..mN; in some programs also the instance method {@code k} of nested class
     * {@code K} and its override in {@code K2 extends K}, placed after m0 (K2's first, as it may call
     * K's through {@code super}).
     */
    private static List<ProgramShape.Method> signatures(Random r, Profile profile) {
        int n = 1 + r.nextInt(profile.maxMethods());
        List<ProgramShape.Method> methods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            methods.add(new ProgramShape.Method("m" + i, returnType(r, i == 0), parameters(r), null));
        }
        if (r.nextInt(10) < profile.classesInTen()) {
            JType ret = returnType(r, false);
            List<JType> params = parameters(r);
            int at = 1 + r.nextInt(n);
            methods.add(at, new ProgramShape.Method("k", ret, params, "K"));
            methods.add(at, new ProgramShape.Method("k", ret, params, "K2"));
        }
        return methods;
    }

    private static JType returnType(Random r, boolean entry) {
        return !entry && r.nextInt(6) == 0 ? null : JType.ALL[r.nextInt(JType.ALL.length)];
    }

    private static List<JType> parameters(Random r) {
        List<JType> params = new ArrayList<>();
        int p = r.nextInt(4);
        for (int k = 0; k < p; k++) {
            params.add(JType.ALL[r.nextInt(JType.ALL.length)]);
        }
        return params;
    }

    /** {@code m0(depth, args...)} with simple arguments, some passed through the probe. */
    private static String entryCall(Random r, ProgramShape shape) {
        MethodContext context = new MethodContext(r, shape, -1);
        ExpressionGenerator e = new ExpressionGenerator(context);
        StringBuilder sb = new StringBuilder("m0(").append(1 + r.nextInt(3));
        for (JType p : shape.methods.get(0).params()) {
            sb.append(", ").append(r.nextInt(3) == 0 ? e.probe(p, 1) : e.literal(p));
        }
        return sb.append(')').toString();
    }

    /** The probe and the exception classes, by simple class name. */
    static Map<String, String> supportSources() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Probe", probeSource());
        sources.put("E1", exceptionSource("E1", "RuntimeException"));
        sources.put("E2", exceptionSource("E2", "E1"));
        sources.put("E3", exceptionSource("E3", "RuntimeException"));
        sources.put("Res", resourceSource());
        sources.put("Gen", "package " + PACKAGE + ";\n\nimport io.jcoro.Suspendable;\n\n"
                + "@FunctionalInterface\npublic interface Gen<T> {\n    @Suspendable\n    T get();\n}\n");
        for (JType t : JType.ALL) {
            sources.put("F" + t.probeSuffix, "package " + PACKAGE + ";\n\nimport io.jcoro.Suspendable;\n\n"
                    + "@FunctionalInterface\npublic interface F" + t.probeSuffix + " {\n    @Suspendable\n    " + t.java
                    + " get();\n}\n");
        }
        return sources;
    }

    /** A resource for try-with-resources whose {@code close()} may suspend, and sometimes throws. */
    private static String resourceSource() {
        return "package " + PACKAGE + ";\n\n"
                + "import io.jcoro.Suspendable;\n"
                + "import io.jcoro.agent.fuzz.FuzzRuntime;\n\n"
                + "public final class Res implements AutoCloseable {\n"
                + "    private final int id;\n\n"
                + "    public Res(int id) {\n"
                + "        this.id = id;\n"
                + "        FuzzRuntime.tI(-1, id);\n"
                + "    }\n\n"
                + "    @Suspendable\n"
                + "    @Override\n"
                + "    public void close() {\n"
                + "        Probe.p(1_000_000 + id);\n"
                + "        FuzzRuntime.tI(-2, id);\n"
                + "        if (id % 7 == 3) {\n"
                + "            throw new E3(\"close \" + id);\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    private static String exceptionSource(String name, String superclass) {
        return "package " + PACKAGE + ";\n\npublic class " + name + " extends " + superclass + " {\n"
                + "    public " + name + "(String message) {\n        super(message);\n    }\n}\n";
    }

    /**
     * {@code p(site)} asks the runtime whether to suspend and then calls {@code Continuation.suspend()};
     * {@code q(site)} does the same without leaving a trace event (its hits depend on suspensions);
     * each {@code p<T>(site, v)} calls {@code p} and returns {@code v}, so that a value flows through a
     * suspension inside any expression.
     */
    private static String probeSource() {
        StringBuilder sb = new StringBuilder()
                .append("package ").append(PACKAGE).append(";\n\n")
                .append("import io.jcoro.Continuation;\n")
                .append("import io.jcoro.Suspendable;\n")
                .append("import io.jcoro.agent.fuzz.FuzzRuntime;\n\n")
                .append("public final class Probe {\n")
                .append("    private Probe() {}\n\n")
                .append("    @Suspendable\n")
                .append("    public static void p(int site) {\n")
                .append("        if (FuzzRuntime.hit(site)) {\n")
                .append("            Continuation.suspend();\n")
                .append("        }\n")
                .append("    }\n\n")
                .append("    @Suspendable\n")
                .append("    public static void q(int site) {\n")
                .append("        if (FuzzRuntime.hitUntraced(site)) {\n")
                .append("            Continuation.suspend();\n")
                .append("        }\n")
                .append("    }\n");
        for (JType t : JType.ALL) {
            sb.append("\n    @Suspendable\n")
                    .append("    public static ").append(t.java).append(" p").append(t.probeSuffix)
                    .append("(int site, ").append(t.java).append(" v) {\n")
                    .append("        p(site);\n")
                    .append("        return v;\n")
                    .append("    }\n");
        }
        return sb.append("}\n").toString();
    }
}
