package io.jcoro.weaver.build;

import io.jcoro.weaver.transform.MethodOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What one weaving run did: the class files it saw, those it rewrote, the methods woven, guarded (a
 * suspendable call in a method that cannot save its frame fails clearly at run time) and refused, the
 * errors (refused methods and class files the transformer could not take) and the warnings (guarded
 * methods whose suspendability depends on a type missing from the class path, what is wrong in a
 * suspendables file), each a message for the user.
 */
public final class WeaveReport {
    private int classesSeen;
    private int classesWoven;
    private int alreadyWoven;
    private int wovenMethods;
    private int guardedMethods;
    private final List<String> refused = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void sawClass() {
        classesSeen++;
    }

    void alreadyWoven() {
        alreadyWoven++;
    }

    void classWoven() {
        classesWoven++;
    }

    void outcome(MethodOutcome outcome) {
        switch (outcome.kind()) {
            case WOVEN:
                wovenMethods++;
                break;
            case CHECKED:
                guardedMethods++;
                break;
            default:
                refused.add(outcome.toString());
                errors.add(outcome.toString());
        }
    }

    void error(String message) {
        errors.add(message);
    }

    void warning(String message) {
        warnings.add(message);
    }

    public int classesSeen() {
        return classesSeen;
    }

    /** Class files rewritten by this run (not counting those woven by an earlier run). */
    public int classesWoven() {
        return classesWoven;
    }

    /** Class files that carried the build-time marker already: left as they were. */
    public int classesAlreadyWoven() {
        return alreadyWoven;
    }

    public int wovenMethods() {
        return wovenMethods;
    }

    public int guardedMethods() {
        return guardedMethods;
    }

    /** The refused methods, as {@link MethodOutcome#toString()} says them (class, method, reason). */
    public List<String> refusedMethods() {
        return List.copyOf(refused);
    }

    /** Every error: refused methods and class files that could not be read or transformed. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * What the user should fix although the run succeeded: methods left unwoven because a type that
     * decides whether they may suspend is not on the class path. Never fails the run.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** One line for a build log. */
    public String summary() {
        return classesSeen + " classes, " + classesWoven + " woven (" + wovenMethods + " methods), "
                + (alreadyWoven > 0 ? alreadyWoven + " woven before, " : "")
                + guardedMethods + " guarded methods, " + refused.size() + " refused methods"
                + (errors.size() > refused.size() ? ", " + (errors.size() - refused.size()) + " unreadable classes" : "")
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
    }

    @Override
    public String toString() {
        return summary();
    }
}
