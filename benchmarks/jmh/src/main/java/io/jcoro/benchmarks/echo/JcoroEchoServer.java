package io.jcoro.benchmarks.echo;

import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.net.AsyncServerSocket;
import io.jcoro.scheduler.net.AsyncSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The jcoro echo server of the echo figure: one {@link Scheduler#singleThreaded()} loop thread, one
 * coroutine per connection writing back what it reads. Unlike the example server in it-tests it has
 * no idle timeout, so that it does the same work as the thread-per-connection servers.
 * Usage: {@code JcoroEchoServer [port]} (needs the agent); serves until killed.
 */
public final class JcoroEchoServer {
    private JcoroEchoServer() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", EchoServers.port(args, 0));
        try (Scheduler scheduler = Scheduler.builder().name("echo").singleThreaded()) {
            AsyncServerSocket listener = scheduler.blockOn(() -> AsyncServerSocket.bind(address, EchoServers.BACKLOG));
            System.out.println(EchoServers.LISTENING + listener.port());
            scheduler.blockOn(() -> acceptForever(listener));
        }
    }

    @Suspendable
    private static Void acceptForever(AsyncServerSocket listener) throws IOException {
        while (true) {
            AsyncSocket socket = listener.accept();
            Coroutines.spawn(() -> echo(socket));
        }
    }

    @Suspendable
    private static Void echo(AsyncSocket socket) {
        ByteBuffer buf = ByteBuffer.allocate(EchoServers.BUFFER_SIZE);
        try (socket) {
            while (socket.read(buf) >= 0) {
                buf.flip();
                socket.write(buf);
                buf.clear();
            }
        } catch (IOException e) {
            // reset by the load generator when it stops
        }
        return null;
    }
}
