package io.jcoro.benchmarks.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The smoke checks run before the peers that need an agent of their own (Quasar, ea-async): a small
 * main under that agent, with a time limit, that prints {@code ok} only when the agent really
 * instrumented the code. A peer whose check fails is not measured (its numbers would be wrong or
 * never come); BENCHMARKS.md shows the error text instead.
 */
final class PeerCheck {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** The outcome of one check. */
    record Result(String peer, Jdk jdk, boolean ok, String what, String details, String command) {
        /** For the list of unmeasured peers: the check's last error line (the table of checks has the rest). */
        String verdict() {
            return "its smoke check failed (see the peer checks): " + ErrorText.lastLines(details, 1);
        }
    }

    private PeerCheck() {}

    /** Quasar 0.8.0 fibers (code compiled for Java 11) under Quasar's agent. */
    static Result quasar(Context ctx, Jdk jdk) throws Exception {
        return run(ctx, "quasar", jdk, "Quasar 0.8.0 fiber, code compiled for Java 11",
                quasarJvmArgs(ctx, true), "io.jcoro.benchmarks.quasar.QuasarRoundTrip", "1000");
    }

    /**
     * The same Quasar program as users would run it, without Quasar's verification: for the report
     * only (what a user sees when the agent cannot instrument), never gates a measurement.
     */
    static Result quasarUnverified(Context ctx, Jdk jdk) throws Exception {
        return run(ctx, "quasar-unverified", jdk, "Quasar 0.8.0 fiber, code compiled for Java 11, without verifyInstrumentation",
                quasarJvmArgs(ctx, false), "io.jcoro.benchmarks.quasar.QuasarRoundTrip", "1000");
    }

    /** ea-async 1.2.3 on code compiled for Java 8 (the ea-async peer module). */
    static Result eaAsync(Context ctx, Jdk jdk) throws Exception {
        return run(ctx, "ea-async", jdk, "ea-async 1.2.3, code compiled for Java 8",
                List.of("-javaagent:" + ctx.input("ea-async.jar")), "io.jcoro.benchmarks.eaasync.EaAsyncPingPong", "10000");
    }

    /** ea-async 1.2.3 on code compiled for Java 17 (class file version 61). */
    static Result eaAsyncModern(Context ctx, Jdk jdk) throws Exception {
        return run(ctx, "ea-async-modern", jdk, "ea-async 1.2.3, code compiled for Java 17",
                List.of("-javaagent:" + ctx.input("ea-async.jar")), "io.jcoro.benchmarks.peercheck.EaAsyncModernClassFiles");
    }

    /**
     * What Quasar 0.8.0 needs on JDK 11+: its agent, and java.lang opened to it (without that it
     * fails at once with "module java.base does not open java.lang to unnamed module"). The check
     * also turns on Quasar's own verification, which names an uninstrumented class instead of
     * letting the fiber silently restart from the top at each unpark.
     */
    static List<String> quasarJvmArgs(Context ctx, boolean verify) {
        List<String> args = new ArrayList<>(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-javaagent:" + ctx.input("quasar-core.jar")));
        if (verify) {
            args.add("-Dco.paralleluniverse.fibers.verifyInstrumentation=true");
        }
        return args;
    }

    private static Result run(Context ctx, String peer, Jdk jdk, String what, List<String> jvmArgs, String main,
            String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", ctx.classpath(), main));
        command.addAll(List.of(args));
        ctx.record("check " + peer + " on JDK " + jdk.name(), command);
        Context.progress("check: " + what + " on JDK " + jdk.name());
        Exec.Outcome outcome = Exec.run(command, TIME_LIMIT, ctx.work.resolve("check-" + peer + "-" + jdk.name() + ".log"));
        boolean ok = outcome.ok() && outcome.output().lines().anyMatch(l -> l.startsWith("ok"));
        String details;
        if (outcome.timedOut()) {
            details = "no answer within " + TIME_LIMIT.toSeconds() + " s (killed); output:\n" + ErrorText.summarize(outcome.output());
        } else if (ok) {
            String noise = ErrorText.summarize(outcome.output().lines().filter(l -> !l.startsWith("ok")).reduce("", (a, b) -> a + b + "\n"));
            String okLine = outcome.output().lines().filter(l -> l.startsWith("ok")).findFirst().orElse("ok");
            details = noise.isBlank() ? okLine : okLine + "\nwhile printing:\n" + noise;
        } else {
            details = "exit status " + outcome.exitCode() + ":\n" + ErrorText.summarize(outcome.output());
        }
        Result result = new Result(peer, jdk, ok, what, details, Commands.display(command, ctx));
        ctx.checks.put(peer + "/" + jdk.name(), result);
        return result;
    }
}
