package io.jcoro.agent.fuzz;

import java.util.List;

/**
 * The text a differential test fails with: which programs failed, and for the first few the runs
 * (from a little before where they first differ), the transformer's notes, the source and the
 * command that reproduces the program alone.
 */
final class FuzzReport {
    /** Failing programs shown in full. */
    static final int SHOWN = 3;
    private static final int LISTED = 200;
    private static final int STACK_FRAMES = 12;
    static final String SOURCE_LEGEND = "fz.Probe.p(site) suspends when the run says so; p<T>(site, v) calls p and"
            + " returns v; fz.Res.close() calls p; fz.F<T> and fz.Gen<T> are functional interfaces whose get() is"
            + " @Suspendable; E2 extends E1";

    private FuzzReport() {}

    static String of(String testClass, long seed, List<FuzzBatch.Mismatch> mismatches, String legend) {
        StringBuilder sb = new StringBuilder();
        sb.append(mismatches.size()).append(" generated programs failed.\n");
        sb.append("Programs: ");
        mismatches.stream().limit(LISTED).forEach(m -> sb.append(m.program().index()).append(' '));
        sb.append(mismatches.size() > LISTED ? "...\n\n" : "\n\n");
        for (FuzzBatch.Mismatch m : mismatches.subList(0, Math.min(SHOWN, mismatches.size()))) {
            FuzzBatch.Runs runs = m.runs();
            sb.append("=== seed ").append(seed).append(", program ").append(m.program().index()).append(": ")
                    .append(m.verdict().outcome()).append("\n(reproduce: mvn -B -pl agent test -Dtest=").append(testClass)
                    .append(" -Djcoro.fuzz.seed=").append(seed).append(" -Djcoro.fuzz.first=")
                    .append(m.program().index()).append(" -Djcoro.fuzz.count=1)\n");
            pair(sb, "", runs.plain(), runs.transformed());
            if (runs.warmUp() != null && !runs.warmUp().observed().equals(runs.plainWarmUp().observed())) {
                pair(sb, "warm-up, ", runs.plainWarmUp(), runs.warmUp());
            }
            stack(sb, runs.transformed().thrown());
            sb.append("--- transformer notes:\n").append(m.transformNotes())
                    .append("--- source (").append(legend).append("):\n")
                    .append(m.program().source()).append('\n');
        }
        return sb.toString();
    }

    private static void pair(StringBuilder sb, String what, ProgramRun expected, ProgramRun actual) {
        String e = expected.observed();
        String a = actual.observed();
        int at = firstDifference(e, a);
        sb.append("--- ").append(what).append("plain run:\n").append(excerpt(e, at)).append('\n')
                .append("--- ").append(what).append("transformed, suspending run")
                .append(actual.abandoned() ? " (abandoned: resumed more often than it has probes)" : "").append(":\n")
                .append(excerpt(a, at)).append('\n');
    }

    /** Where an error the program does not throw itself came from. */
    private static void stack(StringBuilder sb, Throwable t) {
        if (t == null || t.getClass().getName().startsWith(ProgramGenerator.PACKAGE + ".")) {
            return;
        }
        sb.append("--- the transformed run's ").append(t).append(" at:\n");
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, trace.length); i++) {
            sb.append("    ").append(trace[i]).append('\n');
        }
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 300);
        int to = Math.min(s.length(), at + 500);
        return (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "")
                + "   [first difference at character " + at + "]";
    }
}
