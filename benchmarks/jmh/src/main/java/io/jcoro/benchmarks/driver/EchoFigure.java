package io.jcoro.benchmarks.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figure 6: echo server throughput and p99 latency at 1,000 and 10,000 connections. */
final class EchoFigure implements Figure {
    static final String TITLE = "6. Echo server";
    private static final List<Integer> CONNECTIONS = List.of(1_000, 10_000);
    private static final Pattern LISTENING = Pattern.compile("echo server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern RESULT = Pattern.compile(
            "RESULT .*msgsPerSec=([0-9.]+) p50us=([0-9.]+) p99us=([0-9.]+) closed=(\\d+)");
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    /** A server under test. */
    private record Server(String key, String label, String threads, boolean needsAgent, boolean needsVirtualThreads,
                          List<String> mainAndArgs) {}

    private static final List<Server> SERVERS = List.of(
            new Server("jcoro", "jcoro, Scheduler.singleThreaded()", "1 event-loop thread", true, false,
                    List.of("io.jcoro.benchmarks.echo.JcoroEchoServer", "0")),
            new Server("virtual", "virtual thread per connection", "one virtual thread per connection", false, true,
                    List.of("io.jcoro.benchmarks.echo.ThreadPerConnectionEchoServer", "virtual", "0")),
            new Server("platform", "platform thread per connection", "one platform thread per connection", false, false,
                    List.of("io.jcoro.benchmarks.echo.ThreadPerConnectionEchoServer", "platform", "0")));

    @Override
    public String key() {
        return "echo";
    }

    @Override
    public Section run(Context ctx) throws Exception {
        Jdk jdk = ctx.virtualThreadJdk().orElse(ctx.settings.base());
        Profile profile = ctx.settings.profile();
        int rounds = profile.echoRounds;
        Table table = new Table("connections", "server", "JDK", "messages/s, median (range)", "p50 latency, µs",
                "p99 latency, µs", "jcoro ÷ this (throughput)");
        List<Server> servers = new ArrayList<>();
        for (Server server : SERVERS) {
            if (server.needsVirtualThreads() && jdk.major() < 21) {
                ctx.fail(TITLE, server.label(), jdk, "needs JDK 21+; no JDK 25 found (set JCORO_JDK25)");
            } else {
                servers.add(server);
            }
        }
        for (int connections : CONNECTIONS) {
            // rounds interleave the servers, so that a slow spell of the shared machine hits them all
            List<List<double[]>> runs = new ArrayList<>();
            servers.forEach(s -> runs.add(new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < servers.size(); i++) {
                    double[] r = measure(ctx, jdk, servers.get(i), connections, profile, round);
                    if (r != null) {
                        runs.get(i).add(r);
                    }
                }
            }
            List<double[]> medians = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                double[] median = median(runs.get(i));
                medians.add(median);
                if (median != null) {
                    ctx.values.put(key(servers.get(i).key(), connections), median[0]);
                    ctx.values.put(key(servers.get(i).key(), connections) + "/p99", median[2]);
                }
            }
            for (int i = 0; i < servers.size(); i++) {
                double[] median = medians.get(i);
                if (median == null) {
                    continue;
                }
                List<double[]> mine = runs.get(i);
                double low = mine.stream().mapToDouble(r -> r[0]).min().orElse(Double.NaN);
                double high = mine.stream().mapToDouble(r -> r[0]).max().orElse(Double.NaN);
                String spread = mine.size() == 1 ? "" : " (" + Fmt.num(low) + "–" + Fmt.num(high) + ", "
                        + mine.size() + " runs)";
                double jcoro = ctx.value(key("jcoro", connections)).orElse(Double.NaN);
                Server server = servers.get(i);
                table.row(String.format(Locale.ROOT, "%,d", connections), server.label(), jdk.name(),
                        Fmt.num(median[0]) + spread, Fmt.num(median[1]), Fmt.num(median[2]),
                        server.key().equals("jcoro") ? "1.00×" : Fmt.ratio(jcoro / median[0]));
            }
        }
        return new Section(TITLE)
                .paragraph(String.format(Locale.ROOT, """
                        Each server runs in its own JVM (`-Xmx2g`) on 127.0.0.1; the load generator
                        (`EchoLoadGenerator`, one NIO selector thread) runs in another JVM, opens N
                        connections (at most 256 connecting at once) and keeps one 64-byte message in flight
                        on each: send, wait for the whole echo, send again. After %,d ms of warm-up it counts
                        for %,d ms the messages whose round trip started and ended in the window; latency is
                        send-to-last-byte on the client. Each row is the median of %d runs (fresh JVMs each
                        time, the servers taking turns); the latencies are those of the median run. Client
                        and server share the machine's 2 cores, and the single client thread may itself be
                        the limit at these rates: the figures are relative. Servers: jcoro
                        (one coroutine per connection on one event-loop thread, `AsyncSocket.read`/`write`,
                        8 KiB buffer), a virtual thread per connection and a platform thread per connection
                        (both blocking `Socket` streams, 8 KiB buffer; virtual threads on the default
                        scheduler: 2 carriers here).
                        """, profile.echoWarmupMillis, profile.echoMeasureMillis, rounds))
                .table(table);
    }

    /** The run with the median throughput, or null when there was none. */
    private static double[] median(List<double[]> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        List<double[]> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        return sorted.get(sorted.size() / 2);
    }

    static String key(String server, int connections) {
        return "echo/" + server + "/" + connections;
    }

    /** {msgs/s, p50 µs, p99 µs}, or null when the run failed (recorded in ctx). */
    private static double[] measure(Context ctx, Jdk jdk, Server server, int connections, Profile profile, int round)
            throws Exception {
        String name = "echo-" + server.key() + "-" + connections + "-" + round;
        List<String> serverCommand = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx2g"));
        if (server.needsAgent()) {
            serverCommand.add(ctx.agentArg());
        }
        serverCommand.addAll(List.of("-cp", ctx.classpath()));
        serverCommand.addAll(server.mainAndArgs());
        if (round == 1) {
            ctx.record("echo server " + server.key() + " JDK " + jdk.name(), serverCommand);
        }
        Context.progress("echo: " + server.label() + ", " + connections + " connections, JDK " + jdk.name()
                + ", run " + round);
        Path serverLog = ctx.work.resolve(name + "-server.log");
        Process process = Exec.start(serverCommand, serverLog);
        try {
            int port = awaitPort(process, serverLog);
            if (port < 0) {
                ctx.fail(TITLE, server.label() + ", " + connections + " connections, run " + round, jdk,
                        "the server did not start listening within " + START_LIMIT.toSeconds() + " s:\n"
                                + ErrorText.summarize(Files.readString(serverLog)));
                return null;
            }
            List<String> client = List.of(jdk.java().toString(), "-Xmx1g", "-cp", ctx.classpath(),
                    "io.jcoro.benchmarks.echo.EchoLoadGenerator", String.valueOf(port), String.valueOf(connections),
                    String.valueOf(profile.echoWarmupMillis), String.valueOf(profile.echoMeasureMillis));
            if (round == 1) {
                ctx.record("echo load generator, " + connections + " connections", client);
            }
            Duration limit = Duration.ofMillis(90_000 + profile.echoWarmupMillis + profile.echoMeasureMillis);
            Exec.Outcome outcome = Exec.run(client, limit, ctx.work.resolve(name + "-client.log"));
            Matcher m = RESULT.matcher(outcome.output());
            if (outcome.ok() && m.find()) {
                int closed = Integer.parseInt(m.group(4));
                if (closed > 0) {
                    ctx.fail(TITLE, server.label() + ", " + connections + " connections, run " + round, jdk,
                            closed + " connections were closed by the server during the run; server output:\n"
                            + ErrorText.summarize(Files.readString(serverLog)));
                }
                return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3))};
            }
            String why = outcome.timedOut() ? "the load generator timed out after " + limit.toSeconds() + " s"
                    : "load generator exit status " + outcome.exitCode() + ":\n" + ErrorText.summarize(outcome.output());
            String serverSide = ErrorText.summarize(Files.readString(serverLog));
            ctx.fail(TITLE, server.label() + ", " + connections + " connections, run " + round, jdk, why
                    + (serverSide.isBlank() ? "" : "\nserver output:\n" + serverSide));
            return null;
        } finally {
            Exec.kill(process);
        }
    }

    private static int awaitPort(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
