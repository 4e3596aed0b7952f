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
import java.time.Duration;

/**
 * Tokio's echo server, in Java: bind, accept in a loop, and spawn one coroutine per connection that
 * writes back whatever it reads, all on one event-loop thread.
 *
 * <pre>
 * let listener = TcpListener::bind("127.0.0.1:8080").await?;
 * loop {
 *     let (mut socket, _) = listener.accept().await?;
 *     tokio::spawn(async move {
 *         let mut buf = vec![0; 1024];
 *         loop {
 *             let n = socket.read(&amp;mut buf).await?;   // 0: the peer closed
 *             socket.write_all(&amp;buf[0..n]).await?;
 *         }
 *     });
 * }
 * </pre>
 *
 * <p>Run it with {@code scripts/echo-server [port] [idleTimeoutMillis]}: it binds 127.0.0.1 (port 0,
 * the default, picks a free port), prints {@code echo server listening on 127.0.0.1:PORT} and serves
 * until it is killed. Try it with {@code nc 127.0.0.1 PORT}. A connection that sends nothing for
 * the idle timeout (default {@value #DEFAULT_IDLE_TIMEOUT_MILLIS} ms) is closed.
 */
public final class EchoServer implements AutoCloseable {
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
    private static final int BUFFER_SIZE = 16 * 1024;

    private final AsyncServerSocket listener;
    private final Duration idleTimeout;
    private final ConnectionStats stats = new ConnectionStats();
    private Task<Void> acceptLoop;

    private EchoServer(AsyncServerSocket listener, Duration idleTimeout) {
        this.listener = listener;
        this.idleTimeout = idleTimeout;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long idleMillis = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_IDLE_TIMEOUT_MILLIS;
        try (Scheduler scheduler = Scheduler.builder().name("echo").singleThreaded();
                EchoServer server = start(scheduler, new InetSocketAddress("127.0.0.1", port),
                        Duration.ofMillis(idleMillis))) {
            System.out.println("echo server listening on 127.0.0.1:" + server.port());
            server.acceptLoop.promise().toCompletableFuture().join(); // serves until the process ends
        }
    }

    /**
     * Binds {@code address} on {@code scheduler}'s I/O driver and starts accepting there. On a
     * single-threaded scheduler everything the server does happens on its one loop thread.
     */
    public static EchoServer start(Scheduler scheduler, InetSocketAddress address, Duration idleTimeout)
            throws Exception {
        EchoServer server = new EchoServer(scheduler.blockOn(() -> AsyncServerSocket.bind(address)), idleTimeout);
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
                Coroutines.spawn(() -> echo(socket));
            }
        } catch (AsynchronousCloseException stopped) {
            return null; // close() stopped the server
        }
    }

    /** One connection: echo until the peer closes, goes idle too long, or fails. */
    @Suspendable
    private Void echo(AsyncSocket socket) {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
        try (socket) {
            while (true) {
                int n = Coroutines.withTimeout(idleTimeout, () -> socket.read(buf));
                stats.ranOn(Thread.currentThread());
                if (n < 0) {
                    return null; // the peer closed (or half-closed): everything it sent was echoed
                }
                stats.received(n);
                buf.flip();
                stats.sent(Coroutines.withTimeout(idleTimeout, () -> socket.write(buf)));
                buf.clear();
            }
        } catch (TimeoutException e) {
            stats.countTimeout();
        } catch (IOException e) {
            stats.countFailure(); // reset by the peer, broken pipe
        } finally {
            stats.closed();
        }
        return null;
    }

    /** The port the server listens on. */
    public int port() throws IOException {
        return listener.port();
    }

    public InetSocketAddress address() throws IOException {
        return listener.localAddress();
    }

    public ConnectionStats stats() {
        return stats;
    }

    /** Stops accepting; connections still open are served until they end (or their scheduler closes). */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
