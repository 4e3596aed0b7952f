package io.jcoro.it.net;

import static io.jcoro.it.net.HttpTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcoro.examples.net.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server examples started with their scripts ({@code scripts/echo-server},
 * {@code scripts/http-server}), each in its own JVM under {@code -javaagent}, as a user runs them;
 * the clients run in this JVM. Separate JVMs let the echo test open more connections than one
 * process could hold (each connection is a descriptor on each side; the limit here is 20,000).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetScriptsIT {
    static final int CONNECTIONS = 10_000;

    @Test
    void theEchoServerScriptServesTenThousandConnectionsAtOnceAndReleasesTheirDescriptors() throws Exception {
        assumeTrue(Fds.supported(), "counts descriptors in /proc (Linux)");
        try (ScriptProcess server = ScriptProcess.start("echo-server")) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            EchoLoadClient.run(address, 10, 2, 1, Duration.ofSeconds(30)); // warm-up
            int baseline = openFiles(server);

            EchoLoadClient.Result r = EchoLoadClient.run(address, CONNECTIONS, 2, 5, Duration.ofSeconds(90));
            System.out.println("[echo-server script] " + r);
            assertEquals(CONNECTIONS * 2L, r.messages());
            assertEquals(r.bytesSent(), r.bytesReceived(), "every byte came back (each was checked in order)");

            int after = Fds.settle(() -> openFiles(server), n -> n <= baseline, 200, 50);
            assertTrue(after <= baseline, "the server JVM has " + after + " descriptors open after the clients "
                    + "closed, " + baseline + " before");
            assertTrue(server.isAlive(), server.stderr());
        }
    }

    @Test
    void theHttpServerScriptAnswersAThousandHellosNotFoundAndBadRequestOnOneConnection() throws Exception {
        try (ScriptProcess server = ScriptProcess.start("http-server");
                HttpTestClient c = new HttpTestClient(new InetSocketAddress("127.0.0.1", server.port()))) {
            for (int i = 1; i <= 1_000; i++) { // more than the server's 8 KiB buffer holds
                HttpTestClient.Response hello = c.exchange(get("/hello"));
                assertEquals(200, hello.status(), "request " + i + " on one connection: " + hello.body());
                assertEquals(HttpServer.HELLO, hello.body());
            }
            assertEquals(404, c.exchange(get("/elsewhere")).status(), "on the same kept-alive connection");
            assertEquals(400, c.exchange("NONSENSE\r\n\r\n").status());
            assertTrue(c.closedByServer());
            assertTrue(server.isAlive(), server.stderr());
        }
    }

    private static int openFiles(ScriptProcess server) {
        try {
            return server.openFiles();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
