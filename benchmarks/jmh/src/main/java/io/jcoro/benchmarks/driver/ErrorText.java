package io.jcoro.benchmarks.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Pulls the lines that say what went wrong out of a process's output, for BENCHMARKS.md. */
final class ErrorText {
    private static final Pattern INTERESTING = Pattern.compile(
            "Exception|Error|ERROR|FAILED|NOT INSTRUMENTED|Caused by|Unsupported|cannot|timed out");
    /** Messages repeated once per class: counted together, the first one shown (ours always shown). */
    private static final Pattern PER_CLASS = Pattern.compile("(while transforming|Error instrumenting:) (?!io/jcoro/)[^ :]+");
    private static final int HEAD = 5;
    private static final int TAIL = 4;

    private ErrorText() {}

    /**
     * The distinct lines that mention an error (stack frames dropped), with how often each occurred;
     * when there are many, the first and the last few, which usually hold the first symptom and the
     * final exception.
     */
    static String summarize(String output) {
        Map<String, String> firstOf = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("at ") || line.startsWith("...") || !INTERESTING.matcher(line).find()) {
                continue;
            }
            String key = PER_CLASS.matcher(line).replaceAll("$1 *");
            firstOf.putIfAbsent(key, shorten(line));
            counts.merge(key, 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        firstOf.forEach((key, first) -> {
            int n = counts.get(key);
            lines.add(n == 1 ? first : first + "  (×" + n + (key.contains(" *") ? ", one per class" : "") + ")");
        });
        if (lines.isEmpty()) {
            return lastLines(output, 5);
        }
        if (lines.size() > HEAD + TAIL) {
            List<String> kept = new ArrayList<>(lines.subList(0, HEAD));
            kept.add("… " + (lines.size() - HEAD - TAIL) + " more distinct lines …");
            kept.addAll(lines.subList(lines.size() - TAIL, lines.size()));
            return String.join("\n", kept);
        }
        return String.join("\n", lines);
    }

    static String lastLines(String output, int n) {
        String[] lines = output.strip().split("\\R");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    private static String shorten(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
