package io.jcoro.it.net;

import static io.jcoro.it.net.HttpTestClient.get;
import static io.jcoro.it.net.HttpTestClient.getOfLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.examples.net.HttpServer;
import io.jcoro.scheduler.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP server example, in this JVM, spoken to with raw requests over plain sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpServerTest {
    static final Duration IDLE = Duration.ofSeconds(1);
    static final int LIMIT = HttpServer.DEFAULT_MAX_HEAD_BYTES;
    private static Scheduler scheduler;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        InJvmAgent.install();
        scheduler = Scheduler.builder().name("http-test").singleThreaded();
        server = HttpServer.start(scheduler, new InetSocketAddress("127.0.0.1", 0), IDLE, LIMIT);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        scheduler.close();
    }

    private static HttpTestClient client() throws Exception {
        return new HttpTestClient(server.address());
    }

    @Test
    void getHelloIs200WithItsBodyAndTheConnectionServesRequestAfterRequest() throws Exception {
        try (HttpTestClient c = client()) {
            for (int i = 0; i < 3; i++) {
                HttpTestClient.Response r = c.exchange(get("/hello"));
                assertEquals(200, r.status());
                assertEquals(HttpServer.HELLO, r.body());
                assertEquals(String.valueOf(HttpServer.HELLO.length()), r.header("Content-Length"));
                assertNull(r.header("Connection"), "HTTP/1.1 keeps the connection by default");
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpTestClient c = client()) {
            c.send(get("/hello") + get("/missing") + "HEAD /hello HTTP/1.1\r\n\r\n" + get("/hello"));
            assertEquals(200, c.read(true).status());
            assertEquals(404, c.read(true).status());
            HttpTestClient.Response head = c.read(false);
            assertEquals(200, head.status());
            assertEquals(String.valueOf(HttpServer.HELLO.length()), head.header("Content-Length"));
            HttpTestClient.Response last = c.read(true);
            assertEquals(HttpServer.HELLO, last.body(), "the HEAD response had no body: the next one parses");
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405AndTheConnectionStays() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(404, c.exchange(get("/")).status());
            assertEquals(404, c.exchange(get("/hello/there")).status());
            HttpTestClient.Response post = c.exchange("POST /hello HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
            assertEquals(200, c.exchange(get("/hello?name=x")).status(), "the body was skipped; the query ignored");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE", "GET /hello", "GET  /hello HTTP/1.1", "GET hello HTTP/1.1",
            "GET /hello HTTP/1.1 extra", "GET /hello HTTX/1.1", "G(T /hello HTTP/1.1", "GET /he\u0001lo HTTP/1.1"})
    void aMalformedRequestLineIs400AndTheConnectionCloses(String requestLine) throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange(requestLine + "\r\nHost: x\r\n\r\n");
            assertEquals(400, r.status(), r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aMalformedHeaderLineIs400() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(400, c.exchange("GET /hello HTTP/1.1\r\nno colon here\r\n\r\n").status());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\rb", "ab\r", "\rab", "a\u007fb"})
    void aNulABareCrOrAnotherControlCharacterInAHeaderValueIs400(String value) throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nX-Value: " + value + "\r\n\r\n");
            assertEquals(400, r.status(), r.body());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aTabInAHeaderValueIsAllowed() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(200, c.exchange("GET /hello HTTP/1.1\r\nX-Value: \ta\tb\t\r\n\r\n").status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-closed", "closed", "keep-alive", "Keep-Alive, Upgrade", ", ,", "x-close"})
    void connectionOptionsOtherThanCloseKeepAnHttp11ConnectionOpen(String connection) throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello HTTP/1.1\r\nConnection: " + connection + "\r\n\r\n");
            assertEquals(200, r.status());
            assertNull(r.header("Connection"), "Connection: " + connection + " does not close");
            assertEquals(200, c.exchange(get("/hello")).status(), "still open after Connection: " + connection);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1\r\nConnection: keep-alive, close", "HTTP/1.1\r\nConnection: Upgrade,CLOSE",
            "HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close", "HTTP/1.0\r\nConnection: keep-alive, close",
            "HTTP/1.0\r\nConnection: not-keep-alive", "HTTP/1.0\r\nConnection: keep-alived"})
    void connectionIsACaseInsensitiveTokenListAndCloseAmongItCloses(String versionAndHeader) throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello " + versionAndHeader + "\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"), versionAndHeader);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void anHttp10ConnectionWithKeepAliveAmongItsOptionsStaysOpen() throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello HTTP/1.0\r\nConnection: foo, Keep-Alive\r\n\r\n");
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(200, c.exchange(get("/hello")).status(), "still open");
        }
    }

    @Test
    void anAbsoluteFormTargetIsRoutedByItsPath() throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET http://127.0.0.1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, r.status(), r.body());
            assertEquals(HttpServer.HELLO, r.body());
            assertEquals(200, c.exchange("GET HTTP://example.com:8080/hello?x=1 HTTP/1.1\r\n\r\n").status());
            assertEquals(404, c.exchange("GET http://127.0.0.1/missing HTTP/1.1\r\n\r\n").status());
            assertEquals(404, c.exchange("GET http://127.0.0.1 HTTP/1.1\r\n\r\n").status(), "an empty path is /");
            assertEquals(404, c.exchange("GET http://127.0.0.1?hello HTTP/1.1\r\n\r\n").status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:/hello", "http:///hello", "http//127.0.0.1/hello", "1http://127.0.0.1/hello",
            "://127.0.0.1/hello", "http://user@127.0.0.1/hello", "ftp://127.0.0.1/hello", "*"})
    void aTargetInNeitherOriginNorAbsoluteFormIs400(String target) throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(400, r.status(), target + ": " + r.body());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aHeadAtTheLimitIsServedAndOneByteMoreIs431() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(200, c.exchange(getOfLength(LIMIT)).status());
            HttpTestClient.Response tooBig = c.exchange(getOfLength(LIMIT + 1));
            assertEquals(431, tooBig.status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void headersFarOverTheLimitAre431() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(431, c.exchange(getOfLength(LIMIT * 8)).status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void anIdleConnectionIsClosedAndAHalfSentRequestGets408() throws Exception {
        long timedOutBefore = server.stats().timedOut();
        try (HttpTestClient silent = client(); HttpTestClient slow = client()) {
            slow.send("GET /hel");
            assertTrue(silent.closedByServer(), "closed after the idle timeout");
            HttpTestClient.Response r = slow.read(true);
            assertEquals(408, r.status());
            assertTrue(slow.closedByServer());
        }
        assertTrue(server.stats().timedOut() >= timedOutBefore + 2);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsLastResponse() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(200, c.exchange(get("/hello")).status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void connectionCloseAndHttp10EndTheConnectionAfterTheResponse() throws Exception {
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer());
        }
        try (HttpTestClient c = client()) {
            assertEquals("close", c.exchange("GET /hello HTTP/1.0\r\n\r\n").header("Connection"));
            assertTrue(c.closedByServer());
        }
        try (HttpTestClient c = client()) {
            HttpTestClient.Response r = c.exchange("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(200, c.exchange(get("/hello")).status(), "still open");
        }
    }

    @Test
    void unsupportedVersionsAndBodiesAreRefused() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(505, c.exchange("GET /hello HTTP/2.0\r\n\r\n").status());
        }
        try (HttpTestClient c = client()) {
            assertEquals(501, c.exchange("POST /hello HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                    .status());
        }
        try (HttpTestClient c = client()) {
            assertEquals(413, c.exchange("POST /hello HTTP/1.1\r\nContent-Length: 999999\r\n\r\n").status());
        }
        try (HttpTestClient c = client()) {
            assertEquals(400, c.exchange("POST /hello HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status());
        }
    }

    @Test
    void everythingRanOnTheOneLoopThread() throws Exception {
        try (HttpTestClient c = client()) {
            assertEquals(200, c.exchange(get("/hello")).status());
        }
        Thread loop = scheduler.blockOn(Thread::currentThread);
        assertEquals(java.util.Set.of(loop), server.stats().threads());
        assertFalse(server.stats().accepted() == 0);
    }
}
