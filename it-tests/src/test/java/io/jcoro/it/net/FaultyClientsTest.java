package io.jcoro.it.net;

import static io.jcoro.it.net.HttpTestClient.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.examples.net.ConnectionStats;
import io.jcoro.examples.net.EchoServer;
import io.jcoro.examples.net.HttpServer;
import io.jcoro.scheduler.Scheduler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that misbehave while others are being served: one vanishes in the middle of a message (a
 * reset), one half-closes, one never sends, one sends a malformed HTTP request. Each is dealt with
 * (its connection ends, nothing leaks into the others) and the other clients are all served.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultyClientsTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    static final Duration IDLE = Duration.ofSeconds(2);

    @BeforeAll
    static void agent() {
        InJvmAgent.install();
    }

    @Test
    void theEchoServerOutlivesAVanishingAHalfClosingAndASilentClientWhileServingTheOthers() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("echo-faults").singleThreaded();
                EchoServer server = EchoServer.start(scheduler, LOOPBACK, IDLE)) {
            InetSocketAddress address = server.address();
            ConnectionStats stats = server.stats();
            FutureTask<EchoLoadClient.Result> others =
                    background(() -> EchoLoadClient.run(address, 200, 30, 9, Duration.ofSeconds(60)));

            try (Socket vanishing = socket(address)) {
                vanishing.getOutputStream().write(new byte[64 * 1024]); // part of a larger message
                vanishing.setSoLinger(true, 0); // close with a reset, as a crashed client would
            }

            byte[] sent = "sent before the half-close".getBytes(StandardCharsets.US_ASCII);
            try (Socket halfClosing = socket(address)) {
                halfClosing.getOutputStream().write(sent);
                halfClosing.shutdownOutput();
                assertArrayEquals(sent, readToEnd(halfClosing.getInputStream()),
                        "everything sent before the half-close was echoed, then the server closed");
            }

            try (Socket silent = socket(address)) {
                assertEquals(-1, silent.getInputStream().read(), "the server closed the silent connection");
            }

            EchoLoadClient.Result r = others.get(60, TimeUnit.SECONDS);
            assertEquals(200 * 30, r.messages());
            assertEquals(r.bytesSent(), r.bytesReceived());

            assertEquals(0, Fds.settle(stats::open, n -> n == 0, 400, 25), stats.toString());
            assertEquals(203, stats.accepted(), stats.toString());
            assertEquals(1, stats.timedOut(), "only the silent client timed out: " + stats);
            assertEquals(1, stats.failed(), "only the vanished client failed: " + stats);
        }
    }

    @Test
    void theHttpServerAnswersMalformedAndOversizedRequestsAndDropsBadClientsWhileServingTheOthers()
            throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("http-faults").singleThreaded();
                HttpServer server = HttpServer.start(scheduler, LOOPBACK, IDLE, HttpServer.DEFAULT_MAX_HEAD_BYTES)) {
            InetSocketAddress address = server.address();
            List<FutureTask<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(background(() -> helloRequests(address, 10, 20)));
            }

            try (HttpTestClient malformed = new HttpTestClient(address)) {
                assertEquals(400, malformed.exchange("GET /hello HTTP/1.1 trailing-junk\r\n\r\n").status());
                assertTrue(malformed.closedByServer());
            }
            try (HttpTestClient oversized = new HttpTestClient(address)) {
                String huge = "GET /hello HTTP/1.1\r\nCookie: " + "c".repeat(64 * 1024) + "\r\n\r\n";
                assertEquals(431, oversized.exchange(huge).status());
                assertTrue(oversized.closedByServer());
            }
            try (HttpTestClient vanishing = new HttpTestClient(address)) {
                vanishing.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
                vanishing.abort();
            }
            try (HttpTestClient silent = new HttpTestClient(address)) {
                assertTrue(silent.closedByServer(), "the silent connection was closed on the idle timeout");
            }

            for (FutureTask<Integer> other : others) {
                assertEquals(200, other.get(60, TimeUnit.SECONDS), "every other request got 200 OK");
            }
            try (HttpTestClient after = new HttpTestClient(address)) {
                assertEquals(HttpServer.HELLO, after.exchange(get("/hello")).body(), "still serving afterwards");
            }
            assertEquals(0, Fds.settle(server.stats()::open, n -> n == 0, 400, 25), server.stats().toString());
        }
    }

    /** {@code connections} connections one after the other, {@code requests} keep-alive GETs each; 200 if all were. */
    private static int helloRequests(InetSocketAddress address, int connections, int requests) throws Exception {
        for (int c = 0; c < connections; c++) {
            try (HttpTestClient client = new HttpTestClient(address)) {
                for (int i = 0; i < requests; i++) {
                    HttpTestClient.Response r = client.exchange(get("/hello"));
                    if (r.status() != 200 || !r.body().equals(HttpServer.HELLO)) {
                        return r.status();
                    }
                }
            }
        }
        return 200;
    }

    private static <T> FutureTask<T> background(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, "faults-other-client");
        t.setDaemon(true);
        t.start();
        return task;
    }

    private static Socket socket(InetSocketAddress address) throws Exception {
        Socket s = new Socket();
        s.connect(address, 20_000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static byte[] readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
