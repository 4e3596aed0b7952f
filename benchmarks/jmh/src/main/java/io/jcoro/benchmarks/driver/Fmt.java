package io.jcoro.benchmarks.driver;

import java.util.Locale;

/** Number formats of BENCHMARKS.md. */
final class Fmt {
    private Fmt() {}

    /** Three significant digits, grouped: 34.1, 1,046, 12,896. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double abs = Math.abs(v);
        String pattern = abs >= 100 ? "%,.0f" : abs >= 10 ? "%,.1f" : abs >= 1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String withError(double score, double error) {
        return num(score) + " ± " + num(error);
    }

    static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }

    static String code(String text) {
        return "`" + text.replace("`", "'") + "`";
    }
}
