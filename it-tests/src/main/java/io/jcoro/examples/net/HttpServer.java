package io.jcoro.examples.net;

import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.TimeoutException;
import io.jcoro.scheduler.net.AsyncServerSocket;
import io.jcoro.scheduler.net.AsyncSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A small HTTP/1.1 server on jcoro sockets: one coroutine per connection, on one event-loop thread.
 *
 * <ul>
 *   <li>{@code GET /hello} (or {@code HEAD}): 200 with the body {@code Hello, world!\n}; another method
 *       on {@code /hello}: 405; any other path: 404. An absolute-form target
 *       ({@code GET http://host/hello HTTP/1.1}) is routed by its path.
 *   <li>Keep-alive: an HTTP/1.1 connection serves request after request (pipelined ones too, any
 *       number of them) until the client sends the {@code close} option in {@code Connection} (a
 *       comma-separated, case-insensitive list) or closes; HTTP/1.0 only with the
 *       {@code keep-alive} option.
 *   <li>A malformed request line or header line, or a control character other than tab (NUL, a bare
 *       CR, ...) in a header value: 400, then the connection is closed.
 *   <li>Up to 10 empty lines before a request line are ignored (RFC 9112 2.2); an 11th is a 400,
 *       then close, so that a client cannot keep the server reading empty lines without end.
 *   <li>A request line and headers over {@value #DEFAULT_MAX_HEAD_BYTES} bytes together (the limit
 *       counts every byte up to and including the empty line): 431, then close.
 *   <li>Idle connections: one that sends no complete request within the idle timeout (default
 *       {@value #DEFAULT_IDLE_TIMEOUT_MILLIS} ms, counted from the connection or the previous
 *       response) is closed; if part of a request had arrived, with a 408 first. A response the
 *       client does not read within the same timeout also ends the connection.
 *   <li>Also: a body is read and discarded (at most 64 KiB, else 413); chunked bodies: 501; a version
 *       other than 1.0/1.1: 505.
 * </ul>
 *
 * <p>Run it with {@code scripts/http-server [port] [idleTimeoutMillis] [maxHeadBytes]}: it binds
 * 127.0.0.1 (port 0, the default, picks a free port), prints
 * {@code http server listening on 127.0.0.1:PORT} and serves until killed; then
 * {@code curl http://127.0.0.1:PORT/hello}.
 */
public final class HttpServer implements AutoCloseable {
    public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5_000;
    public static final String HELLO = "Hello, world!\n";
    /** After an error response: how long the server keeps reading (and dropping) what the client still sends. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 404, "Not Found",
            405, "Method Not Allowed", 408, "Request Timeout", 413, "Content Too Large",
            431, "Request Header Fields Too Large", 501, "Not Implemented", 505, "HTTP Version Not Supported");

    private final AsyncServerSocket listener;
    private final Duration idleTimeout;
    private final int maxHeadBytes;
    private final ConnectionStats stats = new ConnectionStats();
    private Task<Void> acceptLoop;

    private HttpServer(AsyncServerSocket listener, Duration idleTimeout, int maxHeadBytes) {
        this.listener = listener;
        this.idleTimeout = idleTimeout;
        this.maxHeadBytes = maxHeadBytes;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long idleMillis = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_IDLE_TIMEOUT_MILLIS;
        int maxHead = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_MAX_HEAD_BYTES;
        try (Scheduler scheduler = Scheduler.builder().name("http").singleThreaded();
                HttpServer server = start(scheduler, new InetSocketAddress("127.0.0.1", port),
                        Duration.ofMillis(idleMillis), maxHead)) {
            System.out.println("http server listening on 127.0.0.1:" + server.port());
            server.acceptLoop.promise().toCompletableFuture().join(); // serves until the process ends
        }
    }

    /** Binds {@code address} on {@code scheduler} and starts accepting there. */
    public static HttpServer start(Scheduler scheduler, InetSocketAddress address, Duration idleTimeout,
            int maxHeadBytes) throws Exception {
        HttpServer server = new HttpServer(scheduler.blockOn(() -> AsyncServerSocket.bind(address)), idleTimeout,
                maxHeadBytes);
        server.acceptLoop = scheduler.spawn(server::acceptConnections);
        return server;
    }

    @Suspendable
    private Void acceptConnections() throws IOException {
        try {
            while (true) {
                AsyncSocket socket = listener.accept();
                stats.ranOn(Thread.currentThread());
                stats.opened();
                Coroutines.spawn(() -> serve(socket));
            }
        } catch (AsynchronousCloseException stopped) {
            return null;
        }
    }

    /** One connection: request, response, and again while the connection is kept alive. */
    @Suspendable
    private Void serve(AsyncSocket socket) {
        HttpRequestReader requests = new HttpRequestReader(socket, maxHeadBytes);
        try (socket) {
            while (true) {
                HttpRequest request;
                try {
                    request = Coroutines.withTimeout(idleTimeout, requests::next);
                } catch (TimeoutException e) {
                    stats.countTimeout();
                    if (requests.hasPartialRequest()) {
                        send(socket, error(408, "the request did not arrive in time"));
                        closeGracefully(socket);
                    }
                    return null;
                } catch (HttpError e) {
                    send(socket, error(e.status, e.getMessage()));
                    closeGracefully(socket);
                    return null;
                }
                stats.ranOn(Thread.currentThread());
                if (request == null) {
                    return null; // the client closed the connection
                }
                boolean keepAlive = request.keepAlive();
                send(socket, respond(request, keepAlive));
                if (!keepAlive) {
                    closeGracefully(socket);
                    return null;
                }
            }
        } catch (TimeoutException e) {
            stats.countTimeout(); // the client did not read its response
        } catch (IOException e) {
            stats.countFailure();
        } finally {
            stats.closed();
        }
        return null;
    }

    private static String respond(HttpRequest request, boolean keepAlive) {
        String connection = keepAlive ? (request.minorVersion() == 0 ? "keep-alive" : null) : "close";
        if (!request.path().equals("/hello")) {
            return response(404, "Not Found\n", connection, null, true);
        }
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            return response(405, "Method Not Allowed\n", connection, "Allow: GET, HEAD\r\n", true);
        }
        return response(200, HELLO, connection, null, !head);
    }

    private static String error(int status, String detail) {
        return response(status, REASONS.get(status) + ": " + detail + "\n", "close", null, true);
    }

    private static String response(int status, String body, String connection, String extraHeaders,
            boolean withBody) {
        StringBuilder r = new StringBuilder(128 + body.length());
        r.append("HTTP/1.1 ").append(status).append(' ').append(REASONS.get(status)).append("\r\n");
        r.append("Content-Type: text/plain; charset=utf-8\r\n");
        r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        if (connection != null) {
            r.append("Connection: ").append(connection).append("\r\n");
        }
        if (extraHeaders != null) {
            r.append(extraHeaders);
        }
        r.append("\r\n");
        if (withBody) {
            r.append(body);
        }
        return r.toString();
    }

    @Suspendable
    private void send(AsyncSocket socket, String response) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8));
        stats.sent(Coroutines.withTimeout(idleTimeout, () -> socket.write(bytes)));
    }

    /**
     * Ends the connection after a final response: half-closes, then reads and drops what the client
     * still sends for a moment, so that closing does not reset the connection (a reset can discard
     * the response before the client has read it).
     */
    @Suspendable
    private static void closeGracefully(AsyncSocket socket) {
        try {
            socket.shutdownOutput();
            Coroutines.withTimeout(LINGER, () -> {
                ByteBuffer sink = ByteBuffer.allocate(4096);
                for (int i = 0; i < 64 && socket.read(sink) >= 0; i++) {
                    sink.clear();
                }
                return null;
            });
        } catch (TimeoutException | IOException e) {
            // the connection ends either way
        }
    }

    public int port() throws IOException {
        return listener.port();
    }

    public InetSocketAddress address() throws IOException {
        return listener.localAddress();
    }

    public ConnectionStats stats() {
        return stats;
    }

    /** Stops accepting; open connections end by themselves (idle timeout) or with their scheduler. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
