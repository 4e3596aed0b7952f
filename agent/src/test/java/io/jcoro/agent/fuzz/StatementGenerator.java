package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the body of one generated method: declarations, assignments, trace records, probes, calls,
 * if/else chains, bounded loops (for, while, do, for-each) with labelled break and continue, table and
 * lookup switches (on ints and strings), try/catch/finally and try-with-resources with deliberate
 * throws, early returns, continuations run inside the program's own, hot loops the JIT compiles, and
 * blocks with more than 256 live local slots; with a profile that asks for them, JDK methods calling
 * back lambdas that may suspend ({@link JdkCallbackGenerator}). Every loop is bounded by a counter
 * the body cannot change; {@code break}, {@code continue}, {@code return} and {@code throw} only
 * appear under a condition, so no statement is unreachable.
 */
final class StatementGenerator {
    private static final String[][] CATCH_SHAPES = {
        {"E2", "E1"},
        {"E1 | E3"},
        {"ArithmeticException"},
        {"RuntimeException"},
        {"E3", "RuntimeException"},
        {"ArrayIndexOutOfBoundsException | ArithmeticException"},
        {"E2", "E3", "E1"},
        {"E1", "ArithmeticException | ArrayStoreException"},
        {},
    };
    private static final String[] THROWN = {"E1", "E2", "E3", "E3", "IllegalStateException", "UnsupportedOperationException"};

    private final MethodContext c;
    private final Random r;
    private final ExpressionGenerator e;
    private final JdkCallbackGenerator jdk;
    private final StringBuilder out = new StringBuilder();
    private int indent = 2;
    /** The next line continues the last one ("} else {"). */
    private boolean continuesLine;
    /** Enclosing try blocks, where throwing is more likely (and more likely caught). */
    private int tryDepth;

    StatementGenerator(MethodContext c, ExpressionGenerator e) {
        this.c = c;
        this.r = c.r;
        this.e = e;
        this.jdk = c.program.profile.jdkCallbacks() ? new JdkCallbackGenerator(c, e, this) : null;
    }

    /** The complete method: annotation, signature and body. */
    String method() {
        ProgramShape.Method m = c.method();
        StringBuilder sig = new StringBuilder();
        if ("K2".equals(m.owner())) {
            sig.append("    @Override\n").append(c.chance(50) ? "    @Suspendable\n    " : "    "); // suspendable anyway
        } else {
            sig.append("    @Suspendable\n    ").append(m.isInstance() ? "" : "static ");
        }
        sig.append(m.ret() == null ? "void" : m.ret().java).append(' ').append(m.name()).append("(int dp");
        c.declare("dp", JType.INT, MethodContext.Kind.FINAL);
        if (m.isInstance()) {
            c.declare("this.f", JType.INT, MethodContext.Kind.MUTABLE);
        }
        for (int i = 0; i < m.params().size(); i++) {
            JType p = m.params().get(i);
            String name = c.fresh("a");
            c.declare(name, p, c.chance(70) ? MethodContext.Kind.MUTABLE : MethodContext.Kind.FINAL);
            sig.append(", ").append(p.java).append(' ').append(name);
        }
        sig.append(") {\n");
        line(ExpressionGenerator.trace(c.traceId(), JType.STRING, "\"" + m.name() + "\" + dp"));
        ProgramGenerator.Profile profile = c.program.profile;
        int n = profile.minStatements() + r.nextInt(profile.maxStatements() - profile.minStatements() + 1);
        for (int i = 0; i < n; i++) {
            statement(2);
        }
        if (m.ret() != null) {
            line("return " + e.expr(m.ret(), size()) + ";");
        }
        return sig + out.toString() + "    }\n";
    }

    void line(String s) {
        if (continuesLine) {
            continuesLine = false;
        } else {
            out.append("    ".repeat(indent));
        }
        out.append(s).append('\n');
    }

    void open(String s) {
        line(s.isEmpty() ? "{" : s + " {");
        indent++;
    }

    void close(String s) {
        indent--;
        line("}" + s);
    }

    /** A braced block of a few statements in a scope of its own; the opening text comes first. */
    private void block(String head, int count, int depth, String tail) {
        open(head);
        int mark = c.mark();
        for (int i = 0; i < count; i++) {
            statement(depth);
        }
        c.release(mark);
        close(tail);
    }

    /** The depth of a statement's expressions. */
    int size() {
        return Math.min(c.program.profile.maxExpressionDepth(), 1 + r.nextInt(2) + (c.chance(15) ? 1 : 0));
    }

    int few() {
        return 1 + r.nextInt(r.nextInt(3) + 1);
    }

    void statement(int depth) {
        c.charge(1);
        boolean compound = depth > 0 && !c.overBudget();
        if (jdk != null && !c.overBudget() && r.nextInt(100) < c.program.profile.jdkCallbackPercent()) {
            jdk.statement(depth, compound);
            return;
        }
        int roll = r.nextInt(100);
        if (roll < 12) {
            declaration();
        } else if (roll < 22) {
            assignment();
        } else if (roll < 28) {
            trace();
        } else if (roll < 35) {
            line("Probe.p(" + c.site() + ");");
        } else if (roll < 44) {
            callStatement();
        } else if (roll < 48) {
            arrayOrBuilderUpdate();
        } else if (roll < 55 && compound) {
            ifChain(depth);
        } else if (roll < 65 && compound && c.multiplier < 32) {
            loop(depth);
        } else if (roll < 70 && compound) {
            switchStatement(depth);
        } else if (roll < 78 && compound) {
            tryStatement(depth);
        } else if (roll < 84 && (roll < 80 || tryDepth > 0)) {
            line("if (" + e.condition(1) + ") throw new " + THROWN[r.nextInt(THROWN.length)] + "(cap(\"x"
                    + c.traceId() + ":\" + " + e.expr(JType.INT, 1) + "));");
        } else if (roll < 86) {
            conditionalReturn();
        } else if (roll < 92 && c.inLoop()) {
            List<String> labels = new ArrayList<>(c.loopLabels);
            line("if (" + e.condition(1) + ") " + (c.chance(50) ? "break " : "continue ")
                    + labels.get(r.nextInt(labels.size())) + ";");
        } else if (compound && roll < 93) {
            block("", few(), depth - 1, "");
        } else if (compound && roll < 95 && c.bodyDepth == 0) {
            nestedContinuation(depth);
        } else if (roll == 95 && depth == 2 && c.bodyDepth == 0 && c.program.profile.heavyShapes()) {
            manyLocals();
        } else if (roll == 96 && c.multiplier == 1 && c.program.profile.heavyShapes()) {
            hotLoop();
        } else {
            callStatement();
        }
    }

    private void declaration() {
        JType t = JType.ALL[r.nextInt(JType.ALL.length)];
        String init;
        if (c.chance(4) && t != JType.BOOLEAN) {
            init = e.switchWithTryArms(t, size() + 1);
        } else if (c.chance(15) && t == JType.BUILDER) {
            // javac parks the new, unconstructed object in locals while the switch runs
            init = "new StringBuilder(" + e.switchWithTryArms(JType.STRING, size() + 1) + ")";
            if (c.chance(30)) { // two of them
                init = "new StringBuilder(cap(" + init + ".toString()))";
            }
        } else {
            init = e.expr(t, size());
        }
        String name = c.fresh("v");
        boolean fin = c.chance(20);
        line((fin ? "final " : "") + t.java + " " + name + " = " + init + ";");
        c.declare(name, t, fin ? MethodContext.Kind.FINAL : MethodContext.Kind.MUTABLE);
    }

    private void assignment() {
        MethodContext.Var v = c.pick(null, true);
        if (v == null) {
            declaration();
            return;
        }
        JType t = v.type();
        String n = v.name();
        if (t == JType.STRING) {
            line(c.chance(50) ? n + " = cap(" + n + " + " + e.expr(JType.PRIMITIVES[r.nextInt(8)], size()) + ");"
                    : n + " = " + e.expr(t, size()) + ";");
        } else if (t == JType.BOOLEAN) {
            line(n + (c.chance(50) ? " = " : " ^= ") + e.expr(t, size()) + ";");
        } else if (t.isNumeric() && c.chance(60)) {
            int roll = r.nextInt(4);
            if (roll == 0) {
                line(n + (c.chance(50) ? "++;" : "--;"));
            } else {
                JType operand = c.chance(50) ? t : JType.INT;
                line(n + (roll == 1 ? " += " : roll == 2 ? " -= " : " *= ") + e.expr(operand, size()) + ";");
            }
        } else {
            line(n + " = " + e.expr(t, size()) + ";");
        }
    }

    private void trace() {
        JType t = JType.ALL[r.nextInt(JType.ALL.length)];
        line(ExpressionGenerator.trace(c.traceId(), t, e.expr(t, size())));
    }

    private void callStatement() {
        List<Integer> candidates = new ArrayList<>();
        for (int j = c.self + 1; j < c.program.methods.size(); j++) {
            if (c.canAfford(c.program.costs[j] + 1)) {
                candidates.add(j);
            }
        }
        if (e.recursionAllowedHere() && (candidates.isEmpty() || c.chance(20))) {
            line("if (dp > 0) " + e.recursiveCall(3, false) + ";");
        } else if (!candidates.isEmpty()) {
            line(e.callTo(candidates.get(r.nextInt(candidates.size())), "dp", 3) + ";");
        } else {
            trace();
        }
    }

    private void arrayOrBuilderUpdate() {
        MethodContext.Var sb = c.pick(JType.BUILDER, false);
        if (sb != null && c.chance(40)) {
            line(sb.name() + ".append(" + e.expr(JType.STRING, 2) + ").append(" + e.expr(JType.PRIMITIVES[r.nextInt(8)], size()) + ");");
            return;
        }
        JType type = JType.ARRAYS[r.nextInt(JType.ARRAYS.length)];
        MethodContext.Var a = c.pick(type, false);
        if (a == null) {
            declaration();
            return;
        }
        JType element = type.element();
        String value = e.expr(element, size());
        if (c.chance(10)) {
            line(a.name() + "[" + e.expr(JType.INT, 2) + "] = " + value + ";"); // may be out of bounds
            return;
        }
        String op = type.hasNumericElements() && c.chance(40) ? " += " : " = ";
        line("if (" + a.name() + ".length > 0) " + a.name() + "[Math.floorMod(" + e.expr(JType.INT, 2) + ", " + a.name()
                + ".length)]" + op + value + ";");
    }

    private void conditionalReturn() {
        if (c.switchExpressionDepth > 0) {
            trace();
            return;
        }
        if (c.inStatementBody) {
            // a lambda's value is boxed: an int expression may be a char, short or byte one, which boxes
            // to another class
            JType ret = c.bodyReturn;
            String value = ret == null ? "" : ret == JType.INT ? " (int) (" + e.expr(ret, size()) + ")"
                    : " " + e.expr(ret, size());
            line("if (" + e.condition(2) + ") return" + value + ";");
            return;
        }
        JType ret = c.method().ret();
        line("if (" + e.condition(2) + ") return" + (ret == null ? "" : " " + e.expr(ret, size())) + ";");
    }

    private void ifChain(int depth) {
        block("if (" + e.condition(2) + ")", few(), depth - 1, "");
        int elseIfs = r.nextInt(3);
        for (int i = 0; i < elseIfs; i++) {
            trimClose();
            block(" else if (" + e.condition(2) + ")", few(), depth - 1, "");
        }
        if (c.chance(50)) {
            trimClose();
            block(" else", few(), depth - 1, "");
        }
    }

    /** Removes the line break after the last closing brace, so that "} else" continues its line. */
    private void trimClose() {
        out.setLength(out.length() - 1);
        continuesLine = true;
    }

    private void loop(int depth) {
        String label = c.fresh("L");
        int bound = 1 + r.nextInt(4);
        long saved = c.multiplier;
        int mark = c.mark();
        c.multiplier *= bound;
        int kind = r.nextInt(4);
        MethodContext.Var array = c.pick(JType.INT_ARRAY, false);
        if (kind == 3 && array == null) {
            kind = 0;
        }
        String counter = c.fresh(kind == 0 ? "i" : kind == 3 ? "x" : "w");
        switch (kind) {
            case 0: {
                String limit = c.chance(30) ? "Math.min(" + bound + ", " + e.expr(JType.INT, 2) + ")" : Integer.toString(bound);
                c.declare(counter, JType.INT, MethodContext.Kind.COUNTER);
                c.loopLabels.push(label);
                open(label + ": for (int " + counter + " = 0; " + counter + " < " + limit + "; " + counter + "++)");
                break;
            }
            case 1: {
                line("int " + counter + " = 0;");
                c.declare(counter, JType.INT, MethodContext.Kind.COUNTER);
                String cond = c.chance(50) ? " && " + e.condition(2) : "";
                c.loopLabels.push(label);
                open(label + ": while (" + counter + " < " + bound + cond + ")");
                line(counter + "++;");
                break;
            }
            case 2: {
                line("int " + counter + " = 0;");
                c.declare(counter, JType.INT, MethodContext.Kind.COUNTER);
                c.loopLabels.push(label);
                open(label + ": do");
                line(counter + "++;");
                break;
            }
            default: {
                c.multiplier = saved * 4; // int arrays here hold at most four elements
                c.declare(counter, JType.INT, MethodContext.Kind.COUNTER);
                c.loopLabels.push(label);
                open(label + ": for (int " + counter + " : " + array.name() + ")");
                break;
            }
        }
        line(ExpressionGenerator.trace(c.traceId(), JType.INT, counter));
        int inner = c.mark();
        int n = few();
        for (int i = 0; i < n; i++) {
            statement(depth - 1);
        }
        c.release(inner);
        c.loopLabels.pop();
        if (kind == 2) {
            String cond = c.chance(50) ? " && " + e.condition(2) : "";
            close(" while (" + counter + " < " + bound + cond + ");");
        } else {
            close("");
        }
        c.release(mark);
        c.multiplier = saved;
    }

    private void switchStatement(int depth) {
        List<String> labels = new ArrayList<>();
        String selector;
        if (c.chance(15)) {
            selector = e.expr(JType.STRING, 2);
            for (String s : new String[] {"\"a\"", "\"xy\"", "\"\"", "\"42\""}) {
                if (c.chance(60)) {
                    labels.add(s);
                }
            }
        } else if (c.chance(50)) {
            int n = 2 + r.nextInt(5);
            selector = "Math.floorMod(" + e.expr(JType.INT, 2) + ", " + (n + 1) + ")";
            for (int i = 0; i < n; i++) {
                labels.add(Integer.toString(i));
            }
        } else {
            selector = "(int) (" + e.expr(JType.INT, 2) + ")"; // an int expression may be a char, byte or short one
            for (String s : new String[] {"(-1)", "3", "10", "99", "1000", "Integer.MAX_VALUE"}) {
                if (c.chance(50)) {
                    labels.add(s);
                }
            }
        }
        open("switch (" + selector + ")");
        for (String label : labels) {
            line("case " + label + ":");
            if (c.chance(20)) {
                continue; // shares the next case's code
            }
            block("", few(), depth - 1, c.chance(70) ? " break;" : ""); // or falls through
        }
        if (c.chance(70)) {
            line("default:");
            block("", few(), depth - 1, "");
        }
        close("");
    }

    private void tryStatement(int depth) {
        String[] shape = CATCH_SHAPES[r.nextInt(CATCH_SHAPES.length)];
        String resources = c.chance(30) ? resources() : "";
        boolean hasFinally = (shape.length == 0 && resources.isEmpty()) || c.chance(40);
        tryDepth++;
        block("try" + resources, few(), depth - 1, "");
        tryDepth--;
        for (String caught : shape) {
            trimClose();
            String name = c.fresh("e");
            int mark = c.mark();
            open(" catch (" + caught + " " + name + ")");
            line(ExpressionGenerator.trace(c.traceId(), JType.OBJECT, name));
            String held = c.fresh("v");
            line("Object " + held + " = " + name + ";"); // lets expressions use the exception as an Object
            c.declare(held, JType.OBJECT, MethodContext.Kind.MUTABLE);
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                statement(depth - 1);
            }
            if (c.chance(15)) {
                line("if (" + e.condition(2) + ") throw " + name + ";");
            }
            c.release(mark);
            close("");
        }
        if (hasFinally) {
            trimClose();
            block(" finally", few(), depth - 1, "");
        }
    }

    /** " (Res r1 = new Res(id)[; Res r2 = ...])": resources whose close() may suspend and throw. */
    private String resources() {
        StringBuilder sb = new StringBuilder(" (");
        int n = c.chance(25) ? 2 : 1;
        for (int i = 0; i < n; i++) {
            String id = Integer.toString(c.traceId());
            sb.append(i == 0 ? "" : "; ").append("Res ").append(c.fresh("r")).append(" = new Res(")
                    .append(c.chance(50) ? "Probe.pI(" + c.site() + ", " + id + ")" : id).append(')');
        }
        return sb.append(')').toString();
    }

    /**
     * A continuation inside the program's own: its body (a {@code SuspendableRunnable} lambda) is
     * driven to its end by a loop that passes a probe between resumes, so the outer continuation may
     * suspend while the inner one is suspended. Both runs see the same effects in the same order.
     */
    private void nestedContinuation(int depth) {
        String k = c.fresh("k");
        MethodContext.Enclosing saved = c.enterBody(true);
        open("io.jcoro.Continuation " + k + " = new io.jcoro.Continuation(() ->");
        int mark = c.mark();
        int n = few();
        for (int i = 0; i < n; i++) {
            statement(depth - 1);
        }
        c.release(mark);
        close(");");
        c.leaveBody(saved);
        open("while (!" + k + ".isDone())");
        line("Probe.q(" + c.site() + ");"); // runs once more per suspension of k: not traced
        line(k + ".resume();");
        close("");
    }

    /**
     * More than 256 local slots, all live across a probe: the frame code must use wide local
     * instructions, and save and restore every one of them.
     */
    private void manyLocals() {
        int n = 100 + r.nextInt(60);
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = c.fresh("z");
            boolean isLong = c.chance(50);
            line((isLong ? "long " : "double ") + name + " = dp + " + i + (isLong ? "L;" : ".5;"));
            if (c.chance(5)) {
                c.declare(name, isLong ? JType.LONG : JType.DOUBLE, MethodContext.Kind.MUTABLE);
            }
            sum.append(i == 0 ? "" : " + ").append(name);
        }
        line("Probe.p(" + c.site() + ");");
        statement(0);
        line(ExpressionGenerator.trace(c.traceId(), JType.DOUBLE, sum.toString()));
    }

    /**
     * A loop long enough for the JIT to compile the method while it runs (on-stack replacement), with
     * a rare untraced probe: suspending from compiled code deoptimizes it, and resuming re-enters it.
     */
    private void hotLoop() {
        String h = c.fresh("h");
        String i = c.fresh("i");
        c.charge(30);
        line("long " + h + " = " + e.expr(JType.LONG, 1) + ";");
        open("for (int " + i + " = 0; " + i + " < 100_000; " + i + "++)");
        line(h + " = " + h + " * 31 + (" + i + " ^ (" + h + " >>> 7));");
        line("if ((" + i + " & 8191) == 0) Probe.q(" + c.site() + ");");
        close("");
        line(ExpressionGenerator.trace(c.traceId(), JType.LONG, h));
        c.declare(h, JType.LONG, MethodContext.Kind.MUTABLE);
    }
}
