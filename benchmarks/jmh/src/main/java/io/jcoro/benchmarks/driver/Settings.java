package io.jcoro.benchmarks.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The driver's options, from scripts/bench: command-line flags for what to run, system properties
 * for where things are ({@code jcoro.bench.*}, set by the script).
 */
/*
 * base: the JDK the driver runs on (17 here; JCORO_JDK17 in scripts/bench); jdk25: the JDK of the
 * virtual-thread peers and the JDK-25 rows (absent when not installed).
 */
record Settings(Profile profile, Set<String> only, String onlyJdk, Path output, Path root, Path agentJar, String classpath,
                Path inputs, Jdk base, Jdk jdk25, String command) {
    static final List<String> FIGURES = List.of("roundtrip", "await", "fastpath", "heap", "startup", "echo", "toolkit");

    static Settings parse(String[] args) {
        Profile profile = Profile.SHORT;
        Set<String> only = new LinkedHashSet<>();
        Path output = null;
        String onlyJdk = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--long" -> profile = Profile.LONG;
                case "--short" -> profile = Profile.SHORT;
                case "--smoke" -> profile = Profile.SMOKE;
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                case "--out" -> output = Path.of(args[++i]).toAbsolutePath();
                case "--jdk" -> onlyJdk = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + arg + "; see scripts/bench --help");
            }
        }
        for (String figure : only) {
            if (!FIGURES.contains(figure)) {
                throw new IllegalArgumentException("unknown figure " + figure + "; one of " + FIGURES);
            }
        }
        Path root = Path.of(property("jcoro.bench.root")).toAbsolutePath();
        if (output == null) {
            output = only.isEmpty() && onlyJdk == null && profile != Profile.SMOKE ? root.resolve("BENCHMARKS.md")
                    : root.resolve("benchmarks/jmh/target/bench/BENCHMARKS-partial.md");
        }
        Path jdk25Home = Path.of(System.getProperty("jcoro.bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Jdk jdk25 = Files.isExecutable(jdk25Home.resolve("bin/java")) ? Jdk.at(jdk25Home) : null;
        Jdk base = Jdk.at(Path.of(System.getProperty("jcoro.bench.jdk17", System.getProperty("java.home"))));
        return new Settings(profile, only, onlyJdk, output, root, Path.of(property("jcoro.bench.agent")),
                property("jcoro.bench.classpath"), Path.of(property("jcoro.bench.inputs")),
                base, jdk25, System.getProperty("jcoro.bench.command", "scripts/bench"));
    }

    boolean runs(String figure) {
        return only.isEmpty() || only.contains(figure);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the driver through scripts/bench");
        }
        return value;
    }
}
