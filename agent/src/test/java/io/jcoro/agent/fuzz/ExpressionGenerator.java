package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random, deterministic Java expressions of a requested type. Probe pass-throughs, calls to
 * other generated methods (static, virtual, super, recursive), lambdas and anonymous classes of
 * suspendable functional interfaces, and switch expressions appear anywhere an expression may, so the
 * operand stack often holds values (of every kind: ints, longs, doubles, references, arrays and objects
 * under construction) below a call that suspends. Expressions never dereference null, never print
 * identity hash codes, and keep strings short ({@code cap}); they may throw ArithmeticException,
 * ArrayIndexOutOfBoundsException and ArrayStoreException on purpose, deterministically.
 */
final class ExpressionGenerator {
    private final MethodContext c;
    private final Random r;

    ExpressionGenerator(MethodContext c) {
        this.c = c;
        this.r = c.r;
    }

    String expr(JType t, int depth) {
        if (depth <= 0 || c.chance(22)) {
            return leaf(t);
        }
        int roll = r.nextInt(100);
        if (roll < 16) {
            return probe(t, depth);
        }
        if (roll < 28) {
            String call = call(t, depth);
            if (call != null) {
                return call;
            }
        }
        if (roll < 34) {
            return "(" + expr(JType.BOOLEAN, depth - 1) + " ? " + expr(t, depth - 1) + " : " + expr(t, depth - 1) + ")";
        }
        if (roll < 38 && t != JType.BOOLEAN) {
            return switchExpression(t, depth, false);
        }
        if (roll < 41) {
            return functional(t, depth);
        }
        if (roll < 45) {
            String element = elementOf(t, depth);
            if (element != null) {
                return element;
            }
        }
        return typed(t, depth);
    }

    /** A typed probe pass-through: the value flows through a method that may suspend. */
    String probe(JType t, int depth) {
        return "Probe.p" + t.probeSuffix + "(" + c.site() + ", " + expr(t, depth - 1) + ")";
    }

    String leaf(JType t) {
        MethodContext.Var v = c.pick(t, false);
        if (v != null && c.chance(80)) {
            return v.name();
        }
        if (t == JType.BOOLEAN && c.chance(60)) {
            return varTest();
        }
        return literal(t);
    }

    /** A condition that is sometimes true and sometimes false: statements use it to branch, throw, return. */
    String condition(int depth) {
        return c.chance(50) ? varTest() : expr(JType.BOOLEAN, depth);
    }

    /** A test of a numeric variable in scope (there is always {@code dp}). */
    private String varTest() {
        MethodContext.Var v = c.pick(pickOf(JType.INT, JType.INT, JType.LONG, JType.CHAR, JType.SHORT, JType.DOUBLE), false);
        if (v == null) {
            v = c.pick(JType.INT, false);
        }
        if (v == null) {
            return r.nextBoolean() ? "true" : "false";
        }
        if (v.type() == JType.DOUBLE) {
            return "(" + v.name() + pick(" > ", " < ") + pick("0.0", "1.0", "(-1.0)") + ")";
        }
        return "(" + v.name() + " % " + (2 + r.nextInt(3)) + pick(" == 0)", " != 0)", " == 1)");
    }

    String literal(JType t) {
        switch (t) {
            case INT: return intLiteral();
            case LONG: return pick("0L", "1L", "7L", "(-3L)", "1234567890123L", "Long.MIN_VALUE", "(1L << 40)");
            case FLOAT: return pick("0f", "1.5f", "(-2.25f)", "3f", "1e20f", "Float.NaN", "0.1f");
            case DOUBLE: return pick("0.0", "2.5", "(-1e10)", "0.1", "Double.MAX_VALUE", "(-0.0)", "7.0");
            case BYTE: return pick("(byte) 0", "(byte) 7", "(byte) (-128)", "(byte) 127", "(byte) 33");
            case CHAR: return "'" + (char) ('a' + r.nextInt(26)) + "'";
            case SHORT: return pick("(short) 0", "(short) 300", "(short) (-32768)", "(short) 9");
            case BOOLEAN: return r.nextBoolean() ? "true" : "false";
            case STRING: return pick("\"\"", "\"a\"", "\"xy\"", "\"hello\"", "\"Q\"", "\"42\"");
            case OBJECT: return pick("null", "(Object) \"o\"", "(Object) 5", "(Object) 9L", "new Object()", "(Object) 'c'");
            case INT_ARRAY: return pick("new int[] {1, 2, 3}", "new int[0]", "new int[] {" + intLiteral() + "}", "new int[2]");
            case LONG_ARRAY: return pick("new long[] {5L, -6L}", "new long[1]", "new long[0]");
            case DOUBLE_ARRAY: return pick("new double[] {0.5, 1.5}", "new double[3]", "new double[0]");
            case OBJECT_ARRAY: return pick("new Object[] {\"s\", null}", "new Object[2]", "new String[] {\"u\", \"v\"}", "new Object[0]");
            case BOOLEAN_ARRAY: return pick("new boolean[] {true, false}", "new boolean[2]");
            case BYTE_ARRAY: return pick("new byte[] {1, -2, 127}", "new byte[1]");
            case CHAR_ARRAY: return pick("new char[] {'a', 'b'}", "new char[2]");
            case SHORT_ARRAY: return pick("new short[] {300, -1}", "new short[0]");
            case FLOAT_ARRAY: return pick("new float[] {1.5f, -0.5f}", "new float[1]");
            case STRING_ARRAY: return pick("new String[] {\"u\", \"v\"}", "new String[] {\"\"}", "new String[0]");
            case INT_MATRIX: return pick("new int[][] {{1, 2}, {3}}", "new int[2][2]", "new int[][] {new int[0]}");
            case BUILDER: return pick("new StringBuilder()", "new StringBuilder(\"b\")");
            default: throw new IllegalArgumentException(t.toString());
        }
    }

    private String intLiteral() {
        int roll = r.nextInt(10);
        if (roll < 7) {
            int v = r.nextInt(14) - 3;
            return v < 0 ? "(" + v + ")" : Integer.toString(v);
        }
        return pick("Integer.MAX_VALUE", "Integer.MIN_VALUE", "100000", "(-77777)", "65535");
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    private JType anyType() {
        return JType.ALL[r.nextInt(JType.ALL.length)];
    }

    private JType anyPrimitive() {
        return JType.PRIMITIVES[r.nextInt(JType.PRIMITIVES.length)];
    }

    // ------------------------------------------------------------------------------------ calls

    /** A call to a later method, or a depth-bounded recursive call to this one; null if none fits. */
    String call(JType t, int depth) {
        List<Integer> candidates = new ArrayList<>();
        List<ProgramShape.Method> methods = c.program.methods;
        for (int j = c.self + 1; j < methods.size(); j++) {
            if (methods.get(j).ret() == t && c.canAfford(c.program.costs[j] + 1)) {
                candidates.add(j);
            }
        }
        boolean recursionAllowed = c.self >= 0 && t != null && c.method().ret() == t && recursionAllowedHere();
        if (recursionAllowed && (candidates.isEmpty() || c.chance(25))) {
            return recursiveCall(depth, true);
        }
        if (candidates.isEmpty()) {
            return null;
        }
        return callTo(candidates.get(r.nextInt(candidates.size())), "dp", depth);
    }

    boolean recursionAllowedHere() {
        return c.selfCalls < 2 && !c.inLoop() && !c.inRecursiveArgs && c.switchExpressionDepth == 0 && c.bodyDepth == 0;
    }

    /**
     * The value computed by a lambda or an anonymous class of a functional interface whose method is
     * {@code @Suspendable} ({@code fz.F<suffix>}), called at once: the call goes through an interface
     * (and, for a lambda, a JDK-generated proxy) to a synthetic or instance method that may suspend.
     */
    private String functional(JType t, int depth) {
        MethodContext.Enclosing saved = c.enterBody(false);
        String body = expr(t, depth - 1);
        c.leaveBody(saved);
        if (c.chance(30)) {
            // through the generic Gen<T>: an anonymous class gets a bridge get()Object calling get()T
            // an int expression may have type short, char or byte, which would box to another class
            body = t.isPrimitive() ? "(" + t.java + ") (" + body + ")" : body;
            String type = "Gen<" + t.boxed() + ">";
            String unbox = t.isPrimitive() ? "." + t.java + "Value()" : ""; // a cast cannot unbox and narrow
            if (c.chance(50)) {
                return "((" + type + ") () -> " + body + ").get()" + unbox;
            }
            return "((" + type + ") new " + type + "() { @Override public " + t.boxed() + " get() { return " + body
                    + "; } }).get()" + unbox;
        }
        String type = "F" + t.probeSuffix;
        if (c.chance(60)) {
            return "((" + type + ") () -> " + body + ").get()";
        }
        // the override is suspendable because the interface method is; the annotation is optional
        return "new " + type + "() { " + (c.chance(50) ? "@Suspendable " : "") + "@Override public " + t.java
                + " get() { return " + body + "; } }.get()";
    }

    /** {@code (dp > 0 ? self(dp - 1, ...) : literal)}, or as a statement without the fallback. */
    String recursiveCall(int depth, boolean asExpression) {
        c.selfCalls++;
        c.inRecursiveArgs = true;
        String call = callTo(c.self, "dp - 1", depth);
        c.inRecursiveArgs = false;
        return asExpression ? "(dp > 0 ? " + call + " : " + literal(c.method().ret()) + ")" : call;
    }

    String callTo(int j, String depthArg, int depth) {
        ProgramShape.Method m = c.program.methods.get(j);
        if (j != c.self) {
            c.charge(c.program.costs[j] + 1);
        }
        StringBuilder sb = new StringBuilder(receiver(j, depth)).append(m.name()).append('(').append(depthArg);
        for (JType p : m.params()) {
            sb.append(", ").append(expr(p, depth - 1));
        }
        return sb.append(')').toString();
    }

    /**
     * What an instance method is called on: nothing for a static method or a recursive call (this),
     * {@code super.} from the override to the overridden method, else a new K or K2. A call of K.k may
     * dispatch to K2.k only from methods before K2.k, which keeps calls acyclic.
     */
    private String receiver(int j, int depth) {
        ProgramShape.Method m = c.program.methods.get(j);
        if (!m.isInstance() || j == c.self) {
            return "";
        }
        ProgramShape.Method self = c.method();
        if (m.owner().equals("K") && self.isInstance() && self.owner().equals("K2") && c.bodyDepth == 0) {
            return "super.";
        }
        String f = expr(JType.INT, depth - 1);
        if (m.owner().equals("K2")) {
            return "new K2(" + f + ").";
        }
        if (c.self < c.program.override && c.chance(60)) {
            return "(" + condition(depth - 1) + " ? new K(" + f + ") : new K2(" + expr(JType.INT, depth - 1) + ")).";
        }
        return "new K(" + f + ").";
    }

    // ------------------------------------------------------------------------------------ switch

    /**
     * A switch expression; with {@code tryArms}, some arms hold a try statement, which makes javac move
     * the operand stack below the switch into locals. javac 17 crashes doing that when a long or double
     * is on the stack, so such switches are only written where the stack holds nothing or an int
     * ({@link #switchWithTryArms}).
     */
    String switchExpression(JType t, int depth, boolean tryArms) {
        c.switchExpressionDepth++;
        StringBuilder sb = new StringBuilder("switch (");
        List<String> labels = new ArrayList<>();
        if (c.chance(20)) {
            sb.append(expr(JType.STRING, depth - 1));
            for (String s : new String[] {"\"a\"", "\"xy\"", "\"\"", "\"hello\""}) {
                if (c.chance(60)) {
                    labels.add(s);
                }
            }
        } else if (c.chance(50)) {
            int n = 2 + r.nextInt(4);
            sb.append("Math.floorMod(").append(expr(JType.INT, depth - 1)).append(", ").append(n + 1).append(')');
            for (int i = 0; i < n; i++) {
                labels.add(Integer.toString(i));
            }
        } else {
            sb.append("(int) (").append(expr(JType.INT, depth - 1)).append(')'); // may be a char, byte or short expression
            for (String s : new String[] {"(-5)", "2", "9", "100", "1000", "65536"}) {
                if (c.chance(50)) {
                    labels.add(s);
                }
            }
        }
        sb.append(") { ");
        for (int i = 0; i < labels.size(); i++) {
            sb.append("case ").append(labels.get(i));
            if (i + 1 < labels.size() && c.chance(25)) {
                sb.append(", ").append(labels.get(++i));
            }
            sb.append(" -> ").append(arm(t, depth, tryArms)).append(' ');
        }
        sb.append("default -> ").append(arm(t, depth, tryArms)).append(" }");
        c.switchExpressionDepth--;
        return "(" + sb + ")";
    }

    /** A switch expression with try statements in arms, optionally passed through the probe. */
    String switchWithTryArms(JType t, int depth) {
        String sw = switchExpression(t, depth, true);
        return c.chance(50) ? "Probe.p" + t.probeSuffix + "(" + c.site() + ", " + sw + ")" : sw;
    }

    private String arm(JType t, int depth, boolean tryArms) {
        if (tryArms && c.chance(40)) {
            String local = c.fresh("y");
            String caught = c.fresh("x");
            return "{ " + t.java + " " + local + "; try { " + local + " = " + expr(t, depth - 1) + "; } catch (E1 | ArithmeticException "
                    + caught + ") { " + trace(c.traceId(), JType.OBJECT, caught) + " " + local + " = " + expr(t, depth - 2)
                    + "; } yield " + local + "; }";
        }
        if (c.chance(30)) {
            // "yield (" would parse as a call of a method named yield: the value goes through a local
            String local = c.fresh("y");
            return "{ Probe.p(" + c.site() + "); " + trace(c.traceId(), JType.INT, expr(JType.INT, depth - 2)) + " " + t.java
                    + " " + local + " = " + expr(t, depth - 1) + "; yield " + local + "; }";
        }
        return expr(t, depth - 1) + ";";
    }

    // ------------------------------------------------------------------------------------ typed

    private String typed(JType t, int depth) {
        int d = depth - 1;
        switch (t) {
            case INT: return intExpr(d);
            case LONG: return longExpr(d);
            case FLOAT: return floatExpr(d);
            case DOUBLE: return doubleExpr(d);
            case BYTE: return "((byte) " + narrowSource(d) + ")";
            case SHORT: return "((short) " + narrowSource(d) + ")";
            case CHAR: return charExpr(d);
            case BOOLEAN: return booleanExpr(d);
            case STRING: return stringExpr(d);
            case OBJECT: return objectExpr(d);
            case BUILDER: return builderExpr(d);
            default: return arrayExpr(t, d);
        }
    }

    private String narrowSource(int d) {
        JType from = pickOf(JType.INT, JType.INT, JType.LONG, JType.DOUBLE, JType.CHAR);
        return "(" + expr(from, d) + ")";
    }

    private JType pickOf(JType... types) {
        return types[r.nextInt(types.length)];
    }

    private String intExpr(int d) {
        switch (r.nextInt(13)) {
            case 0: case 1:
                return binary(JType.INT, d, "+", "-", "*", "&", "|", "^");
            case 2:
                return binary(JType.INT, d, "<<", ">>", ">>>");
            case 3:
                if (c.chance(12)) {
                    return binary(JType.INT, d, "/", "%"); // may divide by zero
                }
                return "(" + expr(JType.INT, d) + pick(" / ", " % ") + "(" + expr(JType.INT, d) + " | 1))";
            case 4:
                return "(" + pick("-", "~") + expr(JType.INT, d) + ")";
            case 5:
                return "((int) " + "(" + expr(pickOf(JType.LONG, JType.FLOAT, JType.DOUBLE), d) + "))";
            case 6:
                return "(" + expr(pickOf(JType.BYTE, JType.CHAR, JType.SHORT), d) + ")";
            case 7:
                return c.chance(50) ? "(" + expr(JType.STRING, d) + ").length()" : "(" + expr(JType.STRING, d) + ").hashCode()";
            case 8:
                return "(" + expr(pickOf(JType.ARRAYS), d) + ").length";
            case 9: {
                String element = arrayElement(JType.INT_ARRAY, d);
                return element != null ? element : intExpr(d);
            }
            case 10:
                return pick("Math.max(", "Math.min(", "Math.floorMod(", "Integer.compare(", "Integer.rotateLeft(")
                        + expr(JType.INT, d) + ", " + expr(JType.INT, d) + ")";
            case 11: {
                String update = update(JType.INT, d);
                return update != null ? update : "(" + expr(JType.BOOLEAN, d) + " ? 1 : 0)";
            }
            default:
                return "(" + expr(JType.BUILDER, d) + ").length()";
        }
    }

    private String longExpr(int d) {
        switch (r.nextInt(8)) {
            case 0: case 1:
                return binary(JType.LONG, d, "+", "-", "*", "&", "|", "^");
            case 2:
                return "(" + expr(JType.LONG, d) + pick(" << ", " >> ", " >>> ") + expr(pickOf(JType.INT, JType.LONG), d) + ")";
            case 3:
                return "(" + expr(JType.LONG, d) + pick(" / ", " % ") + "(" + expr(JType.LONG, d) + " | 1L))";
            case 4:
                return "((long) (" + expr(pickOf(JType.INT, JType.FLOAT, JType.DOUBLE, JType.CHAR), d) + "))";
            case 5: {
                String element = arrayElement(JType.LONG_ARRAY, d);
                return element != null ? element : "Long.rotateLeft(" + expr(JType.LONG, d) + ", " + expr(JType.INT, d) + ")";
            }
            case 6: {
                String update = update(JType.LONG, d);
                return update != null ? update : "(-" + expr(JType.LONG, d) + ")";
            }
            default:
                return "(" + expr(JType.INT, d) + " * 31L + " + expr(JType.LONG, d) + ")";
        }
    }

    private String floatExpr(int d) {
        switch (r.nextInt(5)) {
            case 0: case 1:
                return binary(JType.FLOAT, d, "+", "-", "*", "/");
            case 2:
                return "((float) (" + expr(pickOf(JType.INT, JType.LONG, JType.DOUBLE), d) + "))";
            case 3:
                return "Math.abs(" + expr(JType.FLOAT, d) + ")";
            default: {
                String update = update(JType.FLOAT, d);
                return update != null ? update : "(-" + expr(JType.FLOAT, d) + ")";
            }
        }
    }

    private String doubleExpr(int d) {
        switch (r.nextInt(6)) {
            case 0: case 1:
                return binary(JType.DOUBLE, d, "+", "-", "*", "/", "%");
            case 2:
                return "((double) (" + expr(pickOf(JType.INT, JType.LONG, JType.FLOAT), d) + "))";
            case 3:
                return "Math.sqrt(Math.abs(" + expr(JType.DOUBLE, d) + "))";
            case 4: {
                String element = arrayElement(JType.DOUBLE_ARRAY, d);
                return element != null ? element : "(" + expr(JType.DOUBLE, d) + " * 0.5)";
            }
            default: {
                String update = update(JType.DOUBLE, d);
                return update != null ? update : "(-" + expr(JType.DOUBLE, d) + ")";
            }
        }
    }

    private String charExpr(int d) {
        MethodContext.Var s = c.pick(JType.STRING, false);
        if (s != null && c.chance(30)) {
            return "(" + s.name() + ".isEmpty() ? 'z' : " + s.name() + ".charAt(Math.floorMod(" + expr(JType.INT, d) + ", "
                    + s.name() + ".length())))";
        }
        if (c.chance(50)) {
            return "((char) ('a' + Math.floorMod(" + expr(JType.INT, d) + ", 26)))";
        }
        return "((char) (" + expr(JType.CHAR, d) + " + " + expr(JType.INT, d) + "))";
    }

    private String booleanExpr(int d) {
        switch (r.nextInt(9)) {
            case 0: case 1: {
                JType n = pickOf(JType.INT, JType.INT, JType.LONG, JType.FLOAT, JType.DOUBLE, JType.CHAR, JType.BYTE);
                return "(" + expr(n, d) + pick(" < ", " <= ", " > ", " >= ", " == ", " != ") + expr(n, d) + ")";
            }
            case 2:
                return "(!" + expr(JType.BOOLEAN, d) + ")";
            case 3: case 4:
                return binary(JType.BOOLEAN, d, "&&", "||", "^", "&", "|");
            case 5:
                return pick("(" + expr(JType.STRING, d) + ").isEmpty()",
                        "(" + expr(JType.STRING, d) + ").equals(" + expr(JType.STRING, d) + ")",
                        "(" + expr(JType.STRING, d) + ").startsWith(\"a\")");
            case 6:
                return "(" + expr(JType.OBJECT, d) + pick(" instanceof String)", " instanceof int[])", " == null)",
                        " instanceof Integer)");
            case 7: {
                String update = update(JType.BOOLEAN, d);
                return update != null ? update : "(" + expr(JType.INT, d) + " % 3 == 0)";
            }
            default:
                return "(" + expr(JType.OBJECT, d) + " == " + expr(JType.OBJECT, d) + ")";
        }
    }

    private String stringExpr(int d) {
        switch (r.nextInt(7)) {
            case 0: case 1:
                return "cap(" + expr(JType.STRING, d) + " + " + expr(c.chance(30) ? JType.STRING : anyPrimitive(), d) + ")";
            case 2:
                return "String.valueOf(" + expr(anyPrimitive(), d) + ")";
            case 3:
                return "cap(desc(" + expr(anyType(), d) + "))";
            case 4:
                return "cap(" + expr(JType.BUILDER, d) + ".toString())";
            case 5:
                return "cap(" + expr(JType.STRING, d) + ".concat(" + expr(JType.STRING, d) + "))";
            default: {
                String update = update(JType.STRING, d);
                return update != null ? update : "cap(\"k\" + " + expr(anyPrimitive(), d) + ")";
            }
        }
    }

    private String objectExpr(int d) {
        if (c.chance(20)) {
            String element = arrayElement(JType.OBJECT_ARRAY, d);
            if (element != null) {
                return element;
            }
        }
        JType from = anyType();
        if (from == JType.OBJECT) {
            from = JType.STRING;
        }
        return "((Object) " + expr(from, d) + ")";
    }

    private String arrayExpr(JType t, int d) {
        MethodContext.Var v = c.pick(t, false);
        if (v != null && c.chance(20)) {
            return v.name() + ".clone()";
        }
        if (t == JType.INT_MATRIX && c.chance(30)) {
            return "new int[Math.floorMod(" + expr(JType.INT, d) + ", 3)][2]";
        }
        if (c.chance(25) && t != JType.STRING_ARRAY && t != JType.INT_MATRIX) { // no null strings or rows
            return "new " + t.element().java + "[Math.floorMod(" + expr(JType.INT, d) + ", 4)]";
        }
        String type = t == JType.OBJECT_ARRAY && c.chance(25) ? "String" : t.element().java;
        JType element = type.equals("String") ? JType.STRING : t.element();
        StringBuilder sb = new StringBuilder("new " + type + "[] {");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(expr(element, d));
        }
        return sb.append('}').toString();
    }

    private String builderExpr(int d) {
        if (c.chance(35)) {
            return "new StringBuilder(" + expr(JType.STRING, d) + ")";
        }
        JType appended = c.chance(40) ? JType.STRING : anyPrimitive();
        return expr(JType.BUILDER, d) + ".append(" + expr(appended, d) + ")";
    }

    private String binary(JType t, int d, String... ops) {
        return "(" + expr(t, d) + " " + pick(ops) + " " + expr(t, d) + ")";
    }

    /** An element of an array variable: guarded against bad indexes, or (rarely) not. */
    String arrayElement(JType arrayType, int d) {
        MethodContext.Var v = c.pick(arrayType, false);
        if (v == null) {
            return null;
        }
        String zero = literalZero(arrayType.element());
        if (c.chance(8)) {
            return v.name() + "[" + expr(JType.INT, d) + "]";
        }
        return "(" + v.name() + ".length == 0 ? " + zero + " : " + v.name() + "[Math.floorMod(" + expr(JType.INT, d)
                + ", " + v.name() + ".length)])";
    }

    /** The statement that records a value of the type in the trace. */
    static String trace(int id, JType t, String value) {
        String method;
        switch (t) {
            case INT: case BYTE: case SHORT: method = "tI"; break;
            case LONG: method = "tJ"; break;
            case FLOAT: method = "tF"; break;
            case DOUBLE: method = "tD"; break;
            case BOOLEAN: method = "tZ"; break;
            case CHAR: method = "tC"; break;
            default: method = "tO";
        }
        return method + "(" + id + ", " + value + ");";
    }

    static String literalZero(JType t) {
        switch (t) {
            case INT: return "0";
            case LONG: return "0L";
            case FLOAT: return "0f";
            case DOUBLE: return "0.0";
            case BYTE: return "(byte) 0";
            case SHORT: return "(short) 0";
            case CHAR: return "'0'";
            case BOOLEAN: return "false";
            case STRING: return "\"\"";
            case INT_ARRAY: return "new int[0]";
            default: return "null";
        }
    }

    /** An element of an array variable whose elements have the type, or null if there is none. */
    private String elementOf(JType t, int depth) {
        for (JType a : JType.ARRAYS) {
            if (a.element() == t && c.pick(a, false) != null) {
                return arrayElement(a, depth - 1);
            }
        }
        return null;
    }

    /** An assignment used as an expression ({@code (v += e)}, {@code v++}), or null without a variable. */
    private String update(JType t, int d) {
        MethodContext.Var v = c.pick(t, true);
        if (v == null) {
            return null;
        }
        if (t == JType.STRING) {
            return "(" + v.name() + " = cap(" + v.name() + " + " + expr(anyPrimitive(), d) + "))";
        }
        if (t == JType.BOOLEAN) {
            return "(" + v.name() + pick(" = ", " &= ", " |= ", " ^= ") + expr(JType.BOOLEAN, d) + ")";
        }
        switch (r.nextInt(4)) {
            case 0: return "(" + v.name() + pick("++", "--") + ")";
            case 1: return "(" + pick("++", "--") + v.name() + ")";
            default: return "(" + v.name() + pick(" = ", " += ", " -= ", " *= ") + expr(t, d) + ")";
        }
    }
}
