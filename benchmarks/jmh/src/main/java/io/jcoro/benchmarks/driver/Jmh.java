package io.jcoro.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one JMH group (benchmarks matching a pattern, on one JDK, with one set of fork JVM options)
 * in its own JMH process under a time limit, and reads its CSV results.
 */
final class Jmh {
    private Jmh() {}

    /** One JMH result row. */
    record Score(String benchmark, String method, Map<String, String> params, double score, double error, String unit) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** A group's scores, or what went wrong (null when nothing did). */
    record Result(String label, Jdk jdk, List<Score> scores, String failure) {
        /** The score of {@code method} with parameter {@code param=value} (or any, when param is null). */
        Score find(String method, String param, String value) {
            for (Score s : scores) {
                if (s.method().equals(method) && (param == null || value.equals(s.param(param)))) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * Runs the benchmarks whose names match {@code include}. {@code benchmarks} (how many benchmark and
     * parameter combinations match) sets the time limit.
     */
    static Result run(Context ctx, String label, Jdk jdk, String include, List<String> forkJvmArgs, int benchmarks)
            throws Exception {
        return run(ctx, label, jdk, include, forkJvmArgs, benchmarks, List.of());
    }

    /**
     * As {@link #run(Context, String, Jdk, String, List, int)}, with more JMH options ({@code jmhArgs}, for
     * example {@code -prof gc}: its secondary results are scores whose method is "handOff:gc.alloc.rate.norm").
     * An option of the profile that {@code jmhArgs} gives too ({@code -wi 8}, say) takes its value from
     * {@code jmhArgs}.
     */
    static Result run(Context ctx, String label, Jdk jdk, String include, List<String> forkJvmArgs, int benchmarks,
            List<String> jmhArgs) throws Exception {
        String file = label.replaceAll("[^A-Za-z0-9]+", "-");
        Path csv = ctx.work.resolve(file + ".csv");
        Path log = ctx.work.resolve(file + ".log");
        Files.deleteIfExists(csv);
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-cp", ctx.classpath()));
        if (ctx.settings.profile() == Profile.SMOKE) {
            // JMH refuses to start while another JMH run holds /tmp/jmh.lock; a smoke run only checks the
            // harness (its numbers mean nothing), so it must not fail because someone benchmarks meanwhile.
            // A real run keeps the lock: two benchmark runs at once would spoil each other's numbers.
            command.add("-Djmh.ignoreLock=true");
        }
        command.addAll(List.of("org.openjdk.jmh.Main", include));
        List<String> profile = ctx.settings.profile().jmhOptions(); // flag, value pairs
        for (int i = 0; i + 1 < profile.size(); i += 2) {
            if (!jmhArgs.contains(profile.get(i))) { // jmhArgs may override one (JMH refuses an option twice)
                command.addAll(profile.subList(i, i + 2));
            }
        }
        command.addAll(jmhArgs);
        command.addAll(List.of("-rf", "csv", "-rff", csv.toString()));
        if (!forkJvmArgs.isEmpty()) {
            command.addAll(List.of("-jvmArgsAppend", String.join(" ", forkJvmArgs)));
        }
        ctx.record(label, command);
        Duration limit = Duration.ofSeconds(60 + (long) (3 * benchmarks * secondsPerBenchmark(command)));
        Context.progress("jmh: " + label + " (time limit " + limit.toSeconds() + " s)");
        Exec.Outcome outcome = Exec.run(command, limit, log);
        List<Score> scores = Files.exists(csv) ? parse(csv) : List.of();
        String failure = null;
        if (outcome.timedOut()) {
            failure = "timed out after " + limit.toSeconds() + " s (killed); last output:\n"
                    + ErrorText.lastLines(outcome.output(), 6);
        } else if (primaries(scores) < benchmarks) {
            failure = "JMH exit status " + outcome.exitCode() + ", " + primaries(scores) + " of " + benchmarks
                    + " results:\n" + ErrorText.summarize(failures(outcome.output()));
        }
        return new Result(label, jdk, scores, failure);
    }

    /** Seconds one benchmark takes with the forks and iterations of {@code command}, JVM start-up included. */
    private static double secondsPerBenchmark(List<String> command) {
        return Double.parseDouble(option(command, "-f")) * (2.0
                + Double.parseDouble(option(command, "-wi")) * Profile.seconds(option(command, "-w"))
                + Double.parseDouble(option(command, "-i")) * Profile.seconds(option(command, "-r")));
    }

    private static String option(List<String> command, String flag) {
        int at = command.indexOf(flag);
        if (at < 0 || at + 1 >= command.size()) {
            throw new IllegalStateException("no " + flag + " in the JMH command " + command);
        }
        return command.get(at + 1);
    }

    /** The number of primary results (a profiler's secondary results do not count). */
    private static long primaries(List<Score> scores) {
        return scores.stream().filter(s -> !s.method().contains(":")).count();
    }

    /** The part of JMH's output after its first "<failure>" marker, or all of it. */
    private static String failures(String output) {
        int at = output.indexOf("<failure>");
        return at < 0 ? output : output.substring(at);
    }

    static List<Score> parse(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Score> scores = new ArrayList<>();
        if (lines.isEmpty()) {
            return scores;
        }
        List<String> header = split(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 7; i < header.size() && i < cells.size(); i++) {
                params.put(header.get(i).replace("Param: ", ""), cells.get(i));
            }
            String benchmark = cells.get(0);
            // a profiler's secondary result: "pkg.Class.method:gc.alloc.rate.norm" (older JMH: ":·gc...")
            int colon = benchmark.indexOf(':');
            String primary = colon < 0 ? benchmark : benchmark.substring(0, colon);
            String method = primary.substring(primary.lastIndexOf('.') + 1)
                    + (colon < 0 ? "" : ":" + benchmark.substring(colon + 1).replace("·", ""));
            scores.add(new Score(benchmark, method, params, number(cells.get(4)), number(cells.get(5)), cells.get(6)));
        }
        return scores;
    }

    private static double number(String cell) {
        return cell.isEmpty() || cell.equals("NaN") ? Double.NaN : Double.parseDouble(cell);
    }

    /** Splits one CSV line of JMH's output (quoted strings without embedded quotes, bare numbers). */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
