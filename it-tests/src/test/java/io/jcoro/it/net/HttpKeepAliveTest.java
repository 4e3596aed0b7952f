package io.jcoro.it.net;

import static io.jcoro.it.net.HttpTestClient.get;
import static io.jcoro.it.net.HttpTestClient.getOfLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.examples.net.HttpServer;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many requests on one connection, over plain sockets: sequential and pipelined, of sizes that fill
 * the server's buffer exactly or straddle its end at every offset, with empty lines before them.
 * Every request must be answered, in order. A server that stalls answers 408 after its idle timeout
 * (or the client's read times out), which fails the test with the request's number.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpKeepAliveTest {
    static final int REQUESTS = 1_000;
    static final int BUFFER = HttpServer.DEFAULT_MAX_HEAD_BYTES;
    /** Long, so that a pause of a loaded machine between two requests does not close the connection. */
    static final Duration IDLE = Duration.ofSeconds(10);
    private static InJvmHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InJvmHttpServer.start("http-keep-alive", IDLE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aThousandSequentialRequestsOnOneConnectionAreAllAnswered() throws Exception {
        try (HttpTestClient c = server.client()) {
            for (int i = 1; i <= REQUESTS; i++) {
                assertHello(c.exchange(get("/hello")), "request " + i + " of " + REQUESTS);
            }
        }
    }

    @Test
    void aThousandRequestsPipelinedInOneWriteAreAllAnsweredInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        int[] expected = new int[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            if (i % 7 == 0) {
                String body = "b".repeat(i % 23);
                requests.append("POST /hello HTTP/1.1\r\nContent-Length: ").append(body.length()).append("\r\n\r\n")
                        .append(body);
                expected[i] = 405;
            } else if (i % 3 == 0) {
                requests.append(get("/missing/" + i));
                expected[i] = 404;
            } else {
                requests.append(get("/hello?n=" + i));
                expected[i] = 200;
            }
        }
        try (HttpTestClient c = server.client()) {
            FutureTask<Void> writer = sendInBackground(c, requests.toString());
            for (int i = 0; i < REQUESTS; i++) {
                HttpTestClient.Response r = c.read(true);
                assertEquals(expected[i], r.status(), "response " + (i + 1) + " of " + REQUESTS + ": " + r.body());
            }
            writer.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The server reads into a buffer of {@value #BUFFER} bytes that it compacts when full. After a
     * request of {@code BUFFER - k} bytes, only {@code k} bytes of the next request fit, so the
     * server's own reads split it at offset {@code k}, whatever TCP does; the client also writes
     * it in two parts there.
     */
    @Test
    void aRequestSplitAcrossReadsAtEveryByteOffsetIsAnswered() throws Exception {
        String request = get("/hello");
        for (int k = 1; k < request.length(); k++) {
            try (HttpTestClient c = server.client()) {
                assertHello(c.exchange(getOfLength(BUFFER - k)), "the request of " + (BUFFER - k) + " bytes");
                c.send(request.substring(0, k)).send(request.substring(k));
                assertHello(c.read(true), "the request split after byte " + k);
            }
        }
    }

    @Test
    void sixtyFourByteRequestsThatFillTheBufferExactlyAreAllAnswered() throws Exception {
        String request = getOfLength(64);
        assertEquals(0, BUFFER % request.length(), "the requests fill the buffer exactly");
        try (HttpTestClient c = server.client()) {
            for (int i = 1; i <= REQUESTS; i++) {
                assertHello(c.exchange(request), "sequential request " + i + " of " + REQUESTS);
            }
        }
        try (HttpTestClient c = server.client()) {
            FutureTask<Void> writer = sendInBackground(c, request.repeat(REQUESTS));
            for (int i = 1; i <= REQUESTS; i++) {
                assertHello(c.read(true), "pipelined request " + i + " of " + REQUESTS);
            }
            writer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void upToTenEmptyLinesBeforeARequestLineAreIgnored() throws Exception {
        try (HttpTestClient c = server.client()) {
            assertHello(c.exchange("\r\n".repeat(10) + get("/hello")), "after 10 CRLFs");
            assertHello(c.exchange("\n".repeat(10) + get("/hello")), "after 10 bare LFs");
            c.send("POST /hello HTTP/1.1\r\nContent-Length: 2\r\n\r\nab\r\n" + get("/hello"));
            assertEquals(405, c.read(true).status());
            assertHello(c.read(true), "after a body followed by a CRLF (RFC 9112 2.2)");
            for (int i = 1; i <= REQUESTS; i++) {
                assertHello(c.exchange("\r\n".repeat(i % 11) + get("/hello")), "request " + i + " of " + REQUESTS);
            }
        }
    }

    @Test
    void elevenOrAHundredThousandEmptyLinesBeforeARequestLineAre400AndClose() throws Exception {
        for (int lines : new int[] {11, 100_000}) {
            try (HttpTestClient c = server.client()) {
                FutureTask<Void> writer = sendInBackground(c, "\r\n".repeat(lines) + get("/hello"));
                HttpTestClient.Response r = c.read(true);
                assertEquals(400, r.status(), lines + " CRLFs: " + r.body());
                assertEquals("close", r.header("Connection"));
                assertTrue(r.body().contains("empty lines"), r.body());
                assertTrue(c.closedByServer(), lines + " CRLFs: the server closes the connection");
                writer.cancel(false); // the server need not read the rest; closing the socket ends the writer
            }
        }
    }

    @Test
    void aBareCrBeforeARequestLineIsNotAnEmptyLineButA400() throws Exception {
        for (String prefix : new String[] {"\r", "\r\r\n", "\r\n\r"}) {
            try (HttpTestClient c = server.client()) {
                assertEquals(400, c.exchange(prefix + get("/hello")).status(), prefix.replace("\r", "CR"));
                assertTrue(c.closedByServer());
            }
        }
    }

    private static void assertHello(HttpTestClient.Response r, String what) {
        assertEquals(200, r.status(), what + ": " + r.body());
        assertEquals(HttpServer.HELLO, r.body(), what);
    }

    /** Writes while the caller reads the responses, so that neither side's buffers must hold everything. */
    private static FutureTask<Void> sendInBackground(HttpTestClient c, String requests) {
        FutureTask<Void> writer = new FutureTask<>(() -> {
            c.send(requests);
            return null;
        });
        Thread t = new Thread(writer, "http-keep-alive-writer");
        t.setDaemon(true);
        t.start();
        return writer;
    }
}
