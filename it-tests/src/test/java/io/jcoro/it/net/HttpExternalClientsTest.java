package io.jcoro.it.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcoro.examples.net.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP clients written by others send {@value #REQUESTS} sequential keep-alive requests on one
 * connection each: the JDK's {@link HttpClient}, and {@code curl} and {@code python3}'s
 * {@code http.client} where installed (else the test is skipped, saying which is missing).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpExternalClientsTest {
    static final int REQUESTS = 1_000;
    /** Long, so that a pause of a loaded machine between two requests does not close the connection. */
    static final Duration IDLE = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static InJvmHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InJvmHttpServer.start("http-clients", IDLE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String helloUrl() throws Exception {
        return "http://127.0.0.1:" + server.port() + "/hello";
    }

    @Test
    void theJdkHttpClientGetsAThousandAnswersOnOneConnection() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build();
        HttpRequest hello = HttpRequest.newBuilder(URI.create(helloUrl())).timeout(REQUEST_TIMEOUT).GET().build();
        long connectionsBefore = server.stats().accepted();
        for (int i = 1; i <= REQUESTS; i++) {
            HttpResponse<String> r = client.send(hello, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "request " + i + " of " + REQUESTS + ": " + r.body());
            assertEquals(HttpServer.HELLO, r.body(), "request " + i);
        }
        assertEquals(connectionsBefore + 1, server.stats().accepted(), "all requests went over one connection");
    }

    /**
     * {@code curl -o /dev/null URL -o /dev/null URL ...}: curl reuses its connection for the same
     * host; {@code --fail --fail-early} stops it at the first error status.
     */
    @Test
    void curlGetsAThousandAnswersOnOneConnection() throws Exception {
        ExternalClient.assumeInstalled("curl", "--version");
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail", "--fail-early",
                "--max-time", String.valueOf(REQUEST_TIMEOUT.toSeconds()),
                "--write-out", "%{http_code} %{size_download} %{num_connects}\\n"));
        for (int i = 0; i < REQUESTS; i++) {
            command.addAll(List.of("--output", "/dev/null", helloUrl()));
        }
        ExternalClient.Result run = ExternalClient.run(RUN_LIMIT, command);
        List<String> lines = run.lines();
        for (int i = 0; i < lines.size(); i++) {
            String expected = "200 " + HttpServer.HELLO.length() + (i == 0 ? " 1" : " 0");
            assertEquals(expected, lines.get(i), "transfer " + (i + 1) + " of " + REQUESTS
                    + " (status, body bytes, new connections: only the first connects)");
        }
        assertEquals(REQUESTS, lines.size(), "one line per transfer; " + run.stderr());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    /** Sequential requests, each response read before the next request is sent. */
    @Test
    void pythonsHttpClientGetsAThousandAnswersOnOneConnection() throws Exception {
        ExternalClient.assumeInstalled("python3", "--version");
        String script = String.join("\n",
                "import http.client, sys",
                "port, n, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])",
                "conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)",
                "for i in range(n):",
                "    conn.request('GET', '/hello')",
                "    r = conn.getresponse()",
                "    body = r.read()",
                "    local = conn.sock.getsockname()[1] if conn.sock else 'closed'",
                "    print(r.status, repr(body.decode('ascii', 'replace')), local)",
                "    if r.status != 200:",
                "        break",
                "conn.close()");
        ExternalClient.Result run = ExternalClient.run(RUN_LIMIT, List.of("python3", "-c", script,
                String.valueOf(server.port()), String.valueOf(REQUESTS), String.valueOf(REQUEST_TIMEOUT.toSeconds())));
        List<String> lines = run.lines();
        String first = lines.isEmpty() ? "" : lines.get(0);
        String port = first.substring(first.lastIndexOf(' ') + 1);
        String expected = "200 'Hello, world!\\n' " + port;
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(expected, lines.get(i), "request " + (i + 1) + " of " + REQUESTS
                    + " (status, body, the client's port: the same connection)");
        }
        assertEquals(REQUESTS, lines.size(), "answers; " + run.stderr());
        assertEquals(0, run.exitCode(), run.stderr());
    }
}
