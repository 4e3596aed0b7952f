package io.jcoro.it.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcoro.examples.net.ConnectionStats;
import io.jcoro.examples.net.EchoServer;
import io.jcoro.scheduler.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo server example under load, in this JVM: 2,000 connections open at once on a
 * single-threaded scheduler, each exchanging messages of varied sizes with an independent plain-NIO
 * client; every byte must come back in order, the server must use exactly its one loop thread, and
 * the process's descriptors must return to their baseline once the clients are gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoLoadTest {
    static final int CONNECTIONS = 2_000; // two descriptors each in this JVM (client and server side)
    static final int MESSAGES = 25;

    @BeforeAll
    static void agent() {
        InJvmAgent.install();
    }

    @Test
    void twoThousandConnectionsGetEveryByteBackInOrderFromOneLoopThreadWithoutLeakingDescriptors()
            throws Exception {
        assumeTrue(Fds.supported(), "counts descriptors in /proc/self/fd (Linux)");
        try (Scheduler scheduler = Scheduler.builder().name("echo-load").singleThreaded();
                EchoServer server = EchoServer.start(scheduler, new InetSocketAddress("127.0.0.1", 0),
                        Duration.ofSeconds(60))) {
            Thread loop = scheduler.blockOn(Thread::currentThread);
            ConnectionStats stats = server.stats();

            // warm up: load every class both sides use, so the baseline is not moved by class loading
            EchoLoadClient.run(server.address(), 20, 3, 1, Duration.ofSeconds(30));
            awaitAllClosed(stats);
            int baseline = Fds.count();
            Map<Integer, String> before = Fds.targets();
            long inBefore = stats.bytesIn(), outBefore = stats.bytesOut();

            EchoLoadClient.Result r = EchoLoadClient.run(server.address(), CONNECTIONS, MESSAGES, 42,
                    Duration.ofSeconds(90));
            System.out.println("[echo-load] " + r + "; server: " + stats);

            assertEquals(CONNECTIONS * (long) MESSAGES, r.messages());
            assertEquals(r.bytesSent(), r.bytesReceived(), "every byte came back (each was checked in order)");
            assertEquals(CONNECTIONS + 20, stats.accepted());
            assertEquals(CONNECTIONS, stats.maxOpen(), "the server held all connections open at once");
            awaitAllClosed(stats);
            assertEquals(r.bytesSent(), stats.bytesIn() - inBefore);
            assertEquals(r.bytesReceived(), stats.bytesOut() - outBefore);
            assertEquals(0, stats.failed() + stats.timedOut(), stats.toString());
            assertEquals(Set.of(loop), stats.threads(), "accepting, reading and writing all ran on the loop thread");
            assertEquals("echo-load", loop.getName());

            int after = Fds.settle(Fds::count, n -> n <= baseline, 200, 50);
            assertTrue(after <= baseline, "open descriptors: " + after + " after the clients closed, "
                    + baseline + " before; new ones: " + added(before, Fds.targets()));
        }
    }

    @Test
    void onAParallelSchedulerEveryByteComesBackToo() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("echo-par").parallel(2);
                EchoServer server = EchoServer.start(scheduler, new InetSocketAddress("127.0.0.1", 0),
                        Duration.ofSeconds(60))) {
            EchoLoadClient.Result r = EchoLoadClient.run(server.address(), 300, 20, 11, Duration.ofSeconds(60));
            System.out.println("[echo-load parallel(2)] " + r + "; server: " + server.stats());
            assertEquals(300 * 20L, r.messages());
            assertEquals(r.bytesSent(), r.bytesReceived(), "every byte came back (each was checked in order)");
            assertEquals(300, server.stats().maxOpen());
            awaitAllClosed(server.stats());
            assertEquals(0, server.stats().failed() + server.stats().timedOut(), server.stats().toString());
            assertTrue(server.stats().threads().stream().allMatch(t -> t.getName().startsWith("echo-par-worker-")),
                    "the coroutines ran on the pool's workers: " + server.stats().threads());
        }
    }

    private static void awaitAllClosed(ConnectionStats stats) throws InterruptedException {
        int open = Fds.settle(stats::open, n -> n == 0, 400, 25);
        assertEquals(0, open, "the server closed every connection after its client did: " + stats);
    }

    /** The descriptors open now that were not before (the first 20), for the failure message. */
    private static String added(Map<Integer, String> before, Map<Integer, String> now) {
        now.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        return now.size() + ", e.g. " + now.entrySet().stream().limit(20).map(String::valueOf)
                .collect(Collectors.joining(", "));
    }
}
