package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes statements where a suspension may pass through code that cannot carry it: a JDK method
 * ({@code Map.computeIfAbsent}, {@code List.forEach}, {@code List.sort}, a stream pipeline, ...)
 * calling back a lambda whose interface method is declared suspendable (the fuzz loader's
 * {@code META-INF/jcoro/suspendables}, see {@link JdkCallbackFuzzTest}), and whose body may suspend; and,
 * for contrast, the legal way: a loop over a JDK collection's iterator with a suspension in its body.
 *
 * <p>Each callback use is written {@code if (warm()) <twin> else <JDK call>}, where the twin calls
 * the same lambda directly from woven code: a program's warm-up run ({@link FuzzRuntime#warm()})
 * suspends at the same suspension points as the JDK call would, through woven code only, before the
 * real run goes through the JDK method. Sometimes the twin also runs unconditionally before the JDK
 * call, so that one run suspends at the same point first through woven code and then through the JDK.
 * All collections hold {@code Integer}s (at most four) and are traced after use.
 */
final class JdkCallbackGenerator {
    /** What programs that use this generator import. */
    static final String IMPORTS = "import java.util.*;\nimport java.util.function.*;\nimport java.util.stream.*;\n";
    private static final String[] LISTS = {"ArrayList", "ArrayList", "LinkedList"};
    private static final String[] COLLECTIONS = {"ArrayList", "LinkedList", "ArrayDeque", "TreeSet", "HashSet"};
    private static final String[] MAPS = {"HashMap", "HashMap", "TreeMap", "LinkedHashMap"};
    /**
     * The budget a use charges ({@link MethodContext#charge}): about the lines it writes, so that blocks
     * do not fill up with them (javac's time grows with the source).
     */
    private static final int WEIGHT = 10;
    /** How often a callback runs per JDK call, at most (collections hold four elements, sorting compares more). */
    private static final int CALLS_PER_USE = 6;

    private final MethodContext c;
    private final Random r;
    private final ExpressionGenerator e;
    private final StatementGenerator s;

    JdkCallbackGenerator(MethodContext c, ExpressionGenerator e, StatementGenerator s) {
        this.c = c;
        this.r = c.r;
        this.e = e;
        this.s = s;
    }

    /** One statement (a few lines): a JDK callback use, or a loop over a JDK collection. */
    void statement(int depth, boolean compound) {
        c.charge(WEIGHT);
        int roll = r.nextInt(100);
        if (roll < 20 && compound && c.multiplier < 16) {
            loop(depth);
        } else if (roll < 45) {
            mapCallback(depth, compound);
        } else if (roll < 75) {
            collectionCallback(depth, compound);
        } else if (roll < 90) {
            sortCallback(depth, compound);
        } else {
            otherCallback(depth, compound);
        }
    }

    // ------------------------------------------------------------------------------------ maps

    private void mapCallback(int depth, boolean compound) {
        String m = map();
        String k = key();
        switch (r.nextInt(6)) {
            case 0: {
                String f = function(depth, compound);
                value(f + ".apply(" + k + ")", m + ".computeIfAbsent(" + k + ", " + f + ")", true);
                break;
            }
            case 1: {
                String f = biFunction(depth, compound, true);
                value(f + ".apply(" + k + ", " + m + ".get(" + k + "))", m + ".compute(" + k + ", " + f + ")", true);
                break;
            }
            case 2: {
                String f = biFunction(depth, compound, true);
                value(f + ".apply(" + k + ", " + m + ".get(" + k + "))", m + ".computeIfPresent(" + k + ", " + f + ")",
                        false); // null when absent
                break;
            }
            case 3: {
                String f = biFunction(depth, compound, false);
                value(f + ".apply(" + k + ", " + key() + ")", m + ".merge(" + k + ", " + intExpr(1) + ", " + f + ")", true);
                break;
            }
            case 4: {
                String f = biFunction(depth, compound, false);
                use("tO(" + c.traceId() + ", " + f + ".apply(" + k + ", " + key() + "));", m + ".replaceAll(" + f + ");");
                break;
            }
            default: {
                String f = lambda("BiConsumer<Integer, Integer>", null, depth, compound, "Integer", "Integer");
                String en = c.fresh("en");
                use("for (Map.Entry<Integer, Integer> " + en + " : " + m + ".entrySet()) " + f + ".accept(" + en
                        + ".getKey(), " + en + ".getValue());", m + ".forEach(" + f + ");");
                break;
            }
        }
        s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, m));
    }

    /** Declares a map of a few entries, keys 0..4, and returns its name. */
    private String map() {
        String m = c.fresh("m");
        s.line("Map<Integer, Integer> " + m + " = new " + pick(MAPS) + "<Integer, Integer>();");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.line(m + ".put(" + key() + ", " + intExpr(1) + ");");
        }
        return m;
    }

    // ------------------------------------------------------------------------------------ collections

    private void collectionCallback(int depth, boolean compound) {
        String k = key();
        switch (r.nextInt(9)) {
            case 0: {
                String l = collection(pick(COLLECTIONS));
                String f = lambda("Consumer<Integer>", null, depth, compound, "Integer");
                String x = c.fresh("x");
                String jdk = pick(l + ".forEach(" + f + ");", l + ".iterator().forEachRemaining(" + f + ");",
                        l + ".stream().forEach(" + f + ");", "((Iterable<Integer>) " + l + ").forEach(" + f + ");");
                use("for (Integer " + x + " : " + l + ") " + f + ".accept(" + x + ");", jdk);
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, l));
                return;
            }
            case 1: {
                String l = collection(pick(COLLECTIONS));
                String f = lambda("Predicate<Integer>", JType.BOOLEAN, depth, compound, "Integer");
                value(f + ".test(" + k + ")", l + ".removeIf(" + f + ")", false);
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, l));
                return;
            }
            case 2: {
                String l = collection(pick(LISTS));
                String f = lambda("UnaryOperator<Integer>", JType.INT, depth, compound, "Integer");
                use("tO(" + c.traceId() + ", " + f + ".apply(" + k + "));", l + ".replaceAll(" + f + ");");
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, l));
                return;
            }
            case 3: {
                String l = collection(pick(COLLECTIONS));
                String f = function(depth, compound);
                value(f + ".apply(" + k + ")", pick(l + ".stream().map(" + f + ").toList()",
                        l + ".stream().map(" + f + ").collect(Collectors.toList())"), false);
                return;
            }
            case 4: {
                String l = collection(pick(COLLECTIONS));
                String f = lambda("Predicate<Integer>", JType.BOOLEAN, depth, compound, "Integer");
                value(f + ".test(" + k + ")", pick(l + ".stream().filter(" + f + ").toList()",
                        l + ".stream().anyMatch(" + f + ")", l + ".stream().allMatch(" + f + ")",
                        l + ".stream().filter(" + f + ").count()"), false);
                return;
            }
            case 5: {
                String l = collection(pick(COLLECTIONS));
                String f = lambda("ToIntFunction<Integer>", JType.INT, depth, compound, "Integer");
                value(f + ".applyAsInt(" + k + ")", l + ".stream().mapToInt(" + f + ").sum()", true);
                return;
            }
            case 6: {
                String l = collection(pick(COLLECTIONS));
                String f = lambda("BinaryOperator<Integer>", JType.INT, depth, compound, "Integer", "Integer");
                value(f + ".apply(" + k + ", " + key() + ")", l + ".stream().reduce(" + key() + ", " + f + ")", true);
                return;
            }
            case 7: {
                String f = lambda("IntUnaryOperator", JType.INT, depth, compound, "int");
                String n = Integer.toString(r.nextInt(5));
                value(f + ".applyAsInt(" + k + ")", pick("IntStream.range(0, " + n + ").map(" + f + ").sum()",
                        "IntStream.range(0, " + n + ").map(" + f + ").boxed().toList()"), false);
                return;
            }
            default: {
                if (c.chance(50)) {
                    String f = function(depth, compound);
                    value(f + ".apply(" + k + ")", "Optional.of(" + intExpr(1) + ").map(" + f + ").orElse(-1)", true);
                } else {
                    String f = lambda("Supplier<Integer>", JType.INT, depth, compound);
                    value(f + ".get()", pick("Optional.<Integer>empty().orElseGet(" + f + ")",
                            "Objects.requireNonNullElseGet(null, " + f + ")"), true);
                }
            }
        }
    }

    /**
     * Declares a collection of up to four elements and returns its name. Explicit types and
     * {@link FuzzRuntime#ints}, not {@code new ArrayList<>(List.of(..))}: javac's inference of nested
     * generic calls would dominate the test's time.
     */
    private String collection(String type) {
        String l = c.fresh("l");
        int n = r.nextInt(5);
        StringBuilder elements = new StringBuilder();
        for (int i = 0; i < n; i++) {
            elements.append(i == 0 ? "" : ", ").append(e.expr(JType.INT, 1));
        }
        String declared = type.endsWith("List") ? "List<Integer>" : "Collection<Integer>";
        String ints = "ints(" + elements + ")";
        s.line(declared + " " + l + " = " + (type.equals("ArrayList") ? ints : "new " + type + "<Integer>(" + ints + ")") + ";");
        return l;
    }

    // ------------------------------------------------------------------------------------ sorting

    private void sortCallback(int depth, boolean compound) {
        String l = collection(pick(LISTS));
        String[] comparator = comparator(depth, compound);
        String f = comparator[0];
        String twinCall = comparator[1];
        String twin = "tO(" + c.traceId() + ", " + twinCall + ");";
        switch (r.nextInt(6)) {
            case 0:
                use(twin, pick(l + ".sort(" + f + ");", "Collections.sort(" + l + ", " + f + ");"));
                break;
            case 1: {
                String a = c.fresh("ar");
                s.line("Integer[] " + a + " = " + l + ".toArray(new Integer[0]);");
                use(twin, "Arrays.sort(" + a + ", " + f + ");");
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, a));
                break;
            }
            case 2:
                value(twinCall, "Collections.max(" + l + ", " + f + ")", true);
                break;
            case 3:
                value(twinCall, pick(l + ".stream().sorted(" + f + ").toList()", l + ".stream().max(" + f + ").orElse(-1)"),
                        false);
                break;
            case 4: {
                String t = c.fresh("ts");
                s.line("TreeSet<Integer> " + t + " = new TreeSet<Integer>(" + f + ");");
                use(twin, t + ".addAll(" + l + ");");
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, t));
                break;
            }
            default: {
                String q = c.fresh("pq");
                s.line("PriorityQueue<Integer> " + q + " = new PriorityQueue<Integer>(" + f + ");");
                use(twin, q + ".addAll(" + l + ");");
                s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, q + ".poll()"));
                break;
            }
        }
        s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, l));
    }

    /**
     * A comparator: a lambda of its own, one comparing keys from a suspendable function, or the JDK's
     * {@code Comparator.comparing} around such a function (a JDK lambda then calls the woven one).
     * Returns its name and its twin, an int call that reaches the same lambdas through woven code only:
     * for {@code comparing}, a call of the key function itself.
     */
    private String[] comparator(int depth, boolean compound) {
        int roll = r.nextInt(3);
        String k1 = key();
        String k2 = key();
        if (roll == 0) {
            String f = lambda("Comparator<Integer>", JType.INT, depth, compound, "Integer", "Integer");
            return new String[] {f, f + ".compare(" + k1 + ", " + k2 + ")"};
        }
        String g = function(depth, compound);
        String f = c.fresh("f");
        if (roll == 1) {
            String a = c.fresh("p");
            String b = c.fresh("p");
            s.line("Comparator<Integer> " + f + " = (" + a + ", " + b + ") -> Integer.compare(" + g + ".apply(" + a + "), "
                    + g + ".apply(" + b + "));");
            return new String[] {f, f + ".compare(" + k1 + ", " + k2 + ")"};
        }
        s.line("Comparator<Integer> " + f + " = Comparator.comparing(" + g + ")" + (c.chance(30) ? ".reversed()" : "") + ";");
        return new String[] {f, "(int) " + g + ".apply(" + k1 + ")"};
    }

    // ------------------------------------------------------------------------------------ other

    private void otherCallback(int depth, boolean compound) {
        String k = key();
        if (c.chance(50)) {
            // a map of lists: the callback of computeIfAbsent creates what the caller then fills, with a
            // value from a second lambda
            String m = c.fresh("m");
            s.line("Map<Integer, List<Integer>> " + m + " = new HashMap<Integer, List<Integer>>();");
            String g = function(depth, compound);
            String f = c.fresh("f");
            String p = c.fresh("p");
            s.line("Function<Integer, List<Integer>> " + f + " = " + p + " -> ints(" + g + ".apply(" + p + "));");
            value(f + ".apply(" + k + ")", m + ".computeIfAbsent(" + k + ", " + f + ").add(" + intExpr(1) + ")", false);
            s.line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, m));
        } else {
            String f = lambda("BiPredicate<Integer, Integer>", JType.BOOLEAN, depth, compound, "Integer", "Integer");
            String l = collection(pick(LISTS));
            String x = c.fresh("x");
            value(f + ".test(" + k + ", " + key() + ")", l + ".stream().filter(" + x + " -> " + f + ".test(" + x + ", " + k
                    + ")).count()", false);
        }
    }

    // ------------------------------------------------------------------------------------ loops

    /**
     * A legal suspension next to a JDK collection: a loop over its iterator whose body may suspend
     * (the iterator is a local of the woven method, not a frame on the stack).
     */
    private void loop(int depth) {
        String label = c.fresh("L");
        long saved = c.multiplier;
        int mark = c.mark();
        c.multiplier *= 4;
        int kind = r.nextInt(3);
        String v = c.fresh("v");
        if (kind == 0) {
            String l = collection(pick(COLLECTIONS));
            String x = c.fresh("x");
            s.open(label + ": for (Integer " + x + " : " + l + ")");
            s.line("final int " + v + " = " + x + ";");
        } else if (kind == 1) {
            String l = collection(pick(LISTS));
            String it = c.fresh("it");
            s.line("Iterator<Integer> " + it + " = " + l + ".iterator();");
            s.open(label + ": while (" + it + ".hasNext())");
            s.line("final int " + v + " = " + it + ".next();");
        } else {
            String m = map();
            String en = c.fresh("en");
            String w = c.fresh("v");
            s.open(label + ": for (Map.Entry<Integer, Integer> " + en + " : " + m + ".entrySet())");
            s.line("final int " + v + " = " + en + ".getKey();");
            s.line("final int " + w + " = " + en + ".getValue();");
            c.declare(w, JType.INT, MethodContext.Kind.FINAL);
        }
        c.declare(v, JType.INT, MethodContext.Kind.FINAL);
        s.line(ExpressionGenerator.trace(c.traceId(), JType.INT, v));
        if (c.chance(50)) {
            s.line("Probe.p(" + c.site() + ");");
        }
        c.loopLabels.push(label);
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            s.statement(depth - 1);
        }
        c.loopLabels.pop();
        s.close("");
        c.release(mark);
        c.multiplier = saved;
    }

    // ------------------------------------------------------------------------------------ lambdas

    private String function(int depth, boolean compound) {
        return lambda("Function<Integer, Integer>", JType.INT, depth, compound, "Integer");
    }

    /** A BiFunction whose second argument may be null (the old value of compute). */
    private String biFunction(int depth, boolean compound, boolean nullableSecond) {
        String f = lambda("BiFunction<Integer, Integer, Integer>", JType.INT, depth, compound, "Integer",
                nullableSecond ? "Integer?" : "Integer");
        return f;
    }

    /**
     * Declares {@code type f = (p..) -> { final int v = p; ...; return ...; }} and returns f's name. The
     * body often suspends: it passes a probe, calls a generated method, or its statements do.
     *
     * @param returns INT, BOOLEAN or null (void)
     * @param params the parameters' types: Integer, Integer? (may be null) or int
     */
    private String lambda(String type, JType returns, int depth, boolean compound, String... params) {
        String f = c.fresh("f");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            names.add(c.fresh("p"));
        }
        long saved = c.multiplier;
        c.multiplier *= CALLS_PER_USE;
        MethodContext.Enclosing enclosing = c.enterBody(true, returns);
        int mark = c.mark();
        String head = type + " " + f + " = " + (names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")") + " ->";
        s.open(head);
        for (int i = 0; i < params.length; i++) {
            String v = c.fresh("v");
            String p = names.get(i);
            s.line("final int " + v + " = " + (params[i].endsWith("?") ? p + " == null ? -1 : " + p : p) + ";");
            c.declare(v, JType.INT, MethodContext.Kind.FINAL);
        }
        if (c.chance(35)) {
            s.line("Probe.p(" + c.site() + ");");
        }
        int n = compound && c.chance(30) ? 1 : 0;
        for (int i = 0; i < n; i++) {
            s.statement(depth - 1);
        }
        if (returns == null) {
            if (n == 0 || c.chance(50)) {
                s.line(ExpressionGenerator.trace(c.traceId(), JType.INT, result(JType.INT)));
            }
        } else {
            s.line("return " + result(returns) + ";");
        }
        c.release(mark);
        c.leaveBody(enclosing);
        s.close(";");
        c.multiplier = saved;
        return f;
    }

    /** A lambda's result: often through the probe or a generated method, so that the lambda suspends. */
    private String result(JType t) {
        String value = t == JType.INT ? intExpr(s.size()) : e.expr(t, s.size());
        return c.chance(50) ? "Probe.p" + t.probeSuffix + "(" + c.site() + ", " + value + ")" : value;
    }

    // ------------------------------------------------------------------------------------ uses

    /**
     * A JDK call with a value: {@code if (warm()) trace(twin) else trace(jdk)}, or as one conditional
     * expression when both are ints (or Integers, never null); sometimes declared as an int variable
     * later code uses.
     */
    private void value(String twin, String jdk, boolean bothInts) {
        twinFirst("tO(" + c.traceId() + ", " + twin + ");");
        if (bothInts && c.chance(30)) {
            String v = c.fresh("v");
            s.line("int " + v + " = warm() ? " + twin + " : " + jdk + ";");
            c.declare(v, JType.INT, MethodContext.Kind.MUTABLE);
        } else if (bothInts && c.chance(40)) {
            s.line("tO(" + c.traceId() + ", warm() ? " + twin + " : " + jdk + ");");
        } else {
            int id = c.traceId();
            s.line("if (warm()) tO(" + id + ", " + twin + ");");
            s.line("else tO(" + id + ", " + jdk + ");");
        }
    }

    /** A JDK call as a statement: {@code if (warm()) twin else jdk}. */
    private void use(String twin, String jdk) {
        twinFirst(twin);
        s.open("if (warm())");
        s.line(twin);
        s.close("");
        s.open("else");
        s.line(jdk);
        s.close("");
    }

    /** Sometimes the twin also runs before the JDK call: the same suspension point, first through woven code. */
    private void twinFirst(String twin) {
        if (c.chance(25)) {
            s.line(twin);
        }
    }

    private String intExpr(int depth) {
        return "(int) (" + e.expr(JType.INT, depth) + ")";
    }

    private String key() {
        return Integer.toString(r.nextInt(5));
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }
}
