package io.jcoro.benchmarks.driver;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the figures share during one run: settings, the work folder, and what has been found so far. */
final class Context {
    final Settings settings;
    final Path work;
    /** Figures for the Targets table, by key (for example "roundtrip/jcoro/25/1"). */
    final Map<String, Double> values = new LinkedHashMap<>();
    /** The smoke checks of the peers that need an agent of their own, by key ("quasar/17"). */
    final Map<String, PeerCheck.Result> checks = new LinkedHashMap<>();
    /** Peers that could not be measured, with what went wrong. */
    final List<Failure> failures = new ArrayList<>();
    /** Every child command, in order, for the Commands section. */
    final List<String[]> commands = new ArrayList<>();

    /** A peer that was tried and could not be measured. */
    record Failure(String figure, String peer, String jdk, String text) {}

    Context(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /** The JDKs that jcoro rows run on: 25 first (the peers' JDK), then the base JDK when it differs. */
    List<Jdk> jdks() {
        List<Jdk> jdks = new ArrayList<>();
        if (settings.jdk25() != null) {
            jdks.add(settings.jdk25());
        }
        if (settings.jdk25() == null || !settings.jdk25().name().equals(settings.base().name())) {
            jdks.add(settings.base());
        }
        if (settings.onlyJdk() != null) {
            jdks.removeIf(j -> !j.name().equals(settings.onlyJdk()));
            if (jdks.isEmpty()) {
                throw new IllegalArgumentException("--jdk " + settings.onlyJdk() + ": no such JDK here");
            }
        }
        return jdks;
    }

    /** The JDK with virtual threads (21+), if there is one. */
    Optional<Jdk> virtualThreadJdk() {
        return jdks().stream().filter(j -> j.major() >= 21).findFirst();
    }

    /** The classpath of every benchmark JVM: benchmarks/jmh/target/classes and its dependencies. */
    String classpath() {
        return settings.classpath();
    }

    String agentArg() {
        return "-javaagent:" + settings.agentJar();
    }

    Path input(String jar) {
        return settings.inputs().resolve(jar);
    }

    void record(String label, List<String> command) {
        commands.add(new String[] {label, Commands.display(command, this)});
    }

    void fail(String figure, String peer, Jdk jdk, String text) {
        failures.add(new Failure(figure, peer, jdk == null ? "–" : jdk.name(), text));
        progress("  " + peer + (jdk == null ? "" : " on JDK " + jdk.name()) + " not measured: "
                + text.lines().findFirst().orElse(""));
    }

    Optional<Double> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    static void progress(String message) {
        System.out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
