package io.jcoro.agent.fuzz;

import io.jcoro.SuspensionError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Judges programs whose suspensions may pass through JDK methods ({@link JdkCallbackGenerator}). The
 * harness knows, independently of the runtime, whether a suspension went through a JDK method
 * ({@link ProgramRun#jdkSuspensions()}, from {@link JdkFrames}). A run that did must end with
 * {@link SuspensionError} thrown out of {@code resume()}, whatever it did between the suspension and
 * the error; a run that did not must observe exactly what the plain run does; and a warm-up, which
 * calls the same callbacks from woven code only, exactly what its plain run does. Anything else is a
 * failure: a wrong value or exception, a livelock (resumed more often than the program has probes),
 * a class that fails verification, or a {@code SuspensionError} where every frame was woven.
 */
final class CallbackOracle implements FuzzBatch.Oracle {
    static final String EQUAL = "equal to the plain run";
    static final String SUSPENSION_ERROR = "SuspensionError";

    static final String LINKAGE_ERROR = "LinkageError (a woven class failed to load)";
    static final String WARM_UP_THROUGH_JDK = "the harness's fault: a warm-up suspended through a JDK method";
    static final String WARM_UP_DIFFERS = "warm-up (woven code only) differs from its plain run";
    static final String LIVELOCK = "livelock (resume cap hit)";
    static final String ILLEGAL_STATE = "JDK suspension: IllegalStateException out of resume(), not SuspensionError";
    static final String OTHER_ERROR = "JDK suspension: another exception (not one the program throws) out of resume()";
    static final String WRONG = "JDK suspension: wrong result (a different value, or the program's exceptions differ)";
    static final String SILENT = "JDK suspension: result equal to the plain run, no error";
    static final String FALSE_ALARM = "SuspensionError with no JDK method on the chain";
    static final String DIFFERENT = "different from the plain run with no JDK method on the chain";

    static final String SUSPENDED = "suspended";
    static final String THROUGH_JDK = "suspended through a JDK method";
    static final String WARMED_UP = "warmed up";
    static final String WARMED_THEN_JDK = "warmed up, then suspended through a JDK method";
    static final String WOVEN_THEN_JDK = "suspended through woven code, then through a JDK method, in one run";
    static final String CAUGHT_ISE = "caught the runtime's IllegalStateException and went on";

    /**
     * The runtime's IllegalStateException as traced when a program catches it: the program's own say
     * "x&lt;n&gt;:", the runtime's are long, so the trace cuts them ("IllegalStateEx..#length/hash").
     */
    private static final Pattern RUNTIME_ISE =
            Pattern.compile("java\\.lang\\.IllegalStateEx(ception: (?!x\\d)|\\.\\.#)");
    private static final Pattern PROGRAMS_MESSAGE = Pattern.compile("x\\d");

    @Override
    public FuzzBatch.Verdict judge(FuzzBatch.Runs runs) {
        ProgramRun plain = runs.plain();
        ProgramRun woven = runs.transformed();
        boolean throughJdk = woven.jdkSuspensions() > 0;
        List<String> facts = facts(runs, throughJdk);
        boolean warmUpLinkage = runs.warmUp() != null && runs.warmUp().thrown() instanceof LinkageError;
        if (woven.thrown() instanceof LinkageError || warmUpLinkage) {
            return FuzzBatch.Verdict.fail(LINKAGE_ERROR, facts);
        }
        if (runs.warmUp() != null && runs.warmUp().jdkSuspensions() > 0) {
            return FuzzBatch.Verdict.fail(WARM_UP_THROUGH_JDK, facts);
        }
        if (runs.warmUp() != null && !runs.warmUp().observed().equals(runs.plainWarmUp().observed())) {
            return FuzzBatch.Verdict.fail(WARM_UP_DIFFERS, facts);
        }
        if (woven.abandoned()) {
            return FuzzBatch.Verdict.fail(LIVELOCK, facts);
        }
        boolean suspensionError = woven.thrown() instanceof SuspensionError;
        boolean equal = woven.observed().equals(plain.observed());
        if (!throughJdk) {
            return suspensionError ? FuzzBatch.Verdict.fail(FALSE_ALARM, facts)
                    : equal ? FuzzBatch.Verdict.pass(EQUAL, facts) : FuzzBatch.Verdict.fail(DIFFERENT, facts);
        }
        if (suspensionError) {
            return FuzzBatch.Verdict.pass(SUSPENSION_ERROR, facts);
        }
        if (woven.thrown() instanceof IllegalStateException && isTheRuntimes(woven.thrown())) {
            return FuzzBatch.Verdict.fail(ILLEGAL_STATE, facts);
        }
        if (equal) {
            return FuzzBatch.Verdict.fail(SILENT, facts);
        }
        boolean threwSomethingElse = woven.thrown() != null && !isTheProgramsOwn(woven.thrown());
        return FuzzBatch.Verdict.fail(threwSomethingElse ? OTHER_ERROR : WRONG, facts);
    }

    /**
     * An exception a generated program throws itself (E1.., or with a message "x&lt;n&gt;:"), or that its
     * arithmetic and array code throws; not, say, a NullPointerException from JDK code that went on
     * with the value of a callback that suspended.
     */
    private static boolean isTheProgramsOwn(Throwable t) {
        return t.getClass().getName().startsWith(ProgramGenerator.PACKAGE + ".")
                || (t.getMessage() != null && PROGRAMS_MESSAGE.matcher(t.getMessage()).lookingAt())
                || t instanceof ArithmeticException || t instanceof ArrayIndexOutOfBoundsException
                || t instanceof ArrayStoreException || t instanceof NegativeArraySizeException;
    }

    /** Not one the program threw: those have messages "x&lt;n&gt;:...". */
    private static boolean isTheRuntimes(Throwable t) {
        return t.getMessage() == null || !PROGRAMS_MESSAGE.matcher(t.getMessage()).lookingAt();
    }

    private static List<String> facts(FuzzBatch.Runs runs, boolean throughJdk) {
        ProgramRun woven = runs.transformed();
        List<String> facts = new ArrayList<>();
        if (woven.suspensions() + woven.nestedSuspensions() > 0) {
            facts.add(SUSPENDED);
        }
        if (runs.warmUp() != null) {
            facts.add(WARMED_UP);
        }
        if (throughJdk) {
            facts.add(THROUGH_JDK);
            if (runs.warmUp() != null && runs.warmUp().suspensions() > 0) {
                facts.add(WARMED_THEN_JDK);
            }
            if (woven.suspensionsBeforeJdk() > 0) {
                facts.add(WOVEN_THEN_JDK);
            }
        }
        String trace = woven.observed();
        if (RUNTIME_ISE.matcher(trace.substring(0, trace.lastIndexOf("\n=> "))).find()) {
            facts.add(CAUGHT_ISE);
        }
        return facts;
    }
}
