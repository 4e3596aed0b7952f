package io.jcoro.agent.fuzz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The state shared by the statement and expression generators while they write one method: the
 * variables in scope, the enclosing loops, and the estimated cost that keeps programs small.
 */
final class MethodContext {
    /**
     * How generated code may use a variable: a mutable one is assigned to, a final one (never assigned,
     * so effectively final) may be captured by lambdas and anonymous classes, a counter (a loop's) is
     * only read.
     */
    enum Kind { MUTABLE, FINAL, COUNTER }

    /** A local variable or parameter in scope. */
    record Var(String name, JType type, Kind kind) {
        boolean assignable() {
            return kind == Kind.MUTABLE;
        }
    }

    /** What a lambda body or anonymous class saves of the enclosing method's state, to restore after it. */
    record Enclosing(int barrier, List<String> loopLabels, boolean inStatementBody, JType bodyReturn) {}

    final Random r;
    final ProgramShape program;
    final int self;
    private final List<Var> vars = new ArrayList<>();
    private int names;
    final Deque<String> loopLabels = new ArrayDeque<>();
    /** Product of the iteration bounds of the enclosing loops. */
    long multiplier = 1;
    /** Estimated statements executed by one call of this method, callees included. */
    long cost;
    /** Recursive calls written so far (at most two, so that recursion stays cheap). */
    int selfCalls;
    /** Inside the arguments of a recursive call (no further recursion there). */
    boolean inRecursiveArgs;
    /** Inside a switch expression, whose arms cannot break, continue or return. */
    int switchExpressionDepth;
    /** Variables below this index belong to code enclosing a lambda or anonymous class being written. */
    private int barrier;
    /**
     * Writing the statements of a lambda (a {@code SuspendableRunnable}, or a JDK functional interface's),
     * where {@code return} returns {@link #bodyReturn} from the lambda.
     */
    boolean inStatementBody;
    /** What a return statement returns in a statement lambda: null for none (void), INT or BOOLEAN. */
    JType bodyReturn;
    /** How many lambda bodies and anonymous classes enclose the code being written. */
    int bodyDepth;

    MethodContext(Random r, ProgramShape program, int self) {
        this.r = r;
        this.program = program;
        this.self = self;
    }

    ProgramShape.Method method() {
        return program.methods.get(self);
    }

    String fresh(String prefix) {
        return prefix + names++;
    }

    Var declare(String name, JType type, Kind kind) {
        Var v = new Var(name, type, kind);
        vars.add(v);
        return v;
    }

    /**
     * Starts the body of a lambda or an anonymous class: from here until {@link #leaveBody} only
     * effectively final variables of the enclosing code are visible (and none assignable), and no
     * enclosing loop can be broken out of.
     */
    Enclosing enterBody(boolean statementBody) {
        return enterBody(statementBody, null);
    }

    /** Like {@link #enterBody(boolean)}, for a statement lambda whose returns return a {@code returns}. */
    Enclosing enterBody(boolean statementBody, JType returns) {
        Enclosing saved = new Enclosing(barrier, new ArrayList<>(loopLabels), inStatementBody, bodyReturn);
        barrier = vars.size();
        bodyDepth++;
        loopLabels.clear();
        inStatementBody = statementBody;
        bodyReturn = returns;
        return saved;
    }

    void leaveBody(Enclosing saved) {
        barrier = saved.barrier();
        loopLabels.clear();
        saved.loopLabels().forEach(loopLabels::addLast);
        inStatementBody = saved.inStatementBody();
        bodyReturn = saved.bodyReturn();
        bodyDepth--;
    }

    int mark() {
        return vars.size();
    }

    void release(int mark) {
        while (vars.size() > mark) {
            vars.remove(vars.size() - 1);
        }
    }

    /** A random variable of the type in scope (assignable ones only if asked), or null. */
    Var pick(JType type, boolean assignableOnly) {
        List<Var> fit = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Var v = vars.get(i);
            boolean visible = i >= barrier || v.kind() == Kind.FINAL;
            boolean usable = !assignableOnly || (v.assignable() && i >= barrier);
            if (visible && usable && (type == null || v.type() == type)) {
                fit.add(v);
            }
        }
        return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
    }

    boolean inLoop() {
        return !loopLabels.isEmpty();
    }

    boolean overBudget() {
        return cost > program.profile.budget();
    }

    /** Whether a call costing {@code calleeCost} per execution still fits here. */
    boolean canAfford(long calleeCost) {
        return cost + multiplier * calleeCost <= program.profile.budget();
    }

    void charge(long units) {
        cost += multiplier * units;
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    int site() {
        return program.sites++;
    }

    int traceId() {
        return program.traces++;
    }
}
