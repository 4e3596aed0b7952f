package io.jcoro.benchmarks.echo;

import io.jcoro.benchmarks.support.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The thread-per-connection echo servers of the echo figure: blocking {@link Socket} streams, one
 * thread per connection, either virtual (JDK 21+) or platform.
 * Usage: {@code ThreadPerConnectionEchoServer virtual|platform [port]}; serves until killed.
 */
public final class ThreadPerConnectionEchoServer {
    private ThreadPerConnectionEchoServer() {}

    public static void main(String[] args) throws IOException {
        boolean virtual = switch (args[0]) {
            case "virtual" -> true;
            case "platform" -> false;
            default -> throw new IllegalArgumentException("virtual or platform, not " + args[0]);
        };
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), EchoServers.port(args, 1)),
                    EchoServers.BACKLOG);
            System.out.println(EchoServers.LISTENING + listener.getLocalPort());
            while (true) {
                Socket socket = listener.accept();
                Runnable connection = () -> echo(socket);
                if (virtual) {
                    VirtualThreads.start(connection);
                } else {
                    Thread t = new Thread(connection);
                    t.setDaemon(true);
                    t.start();
                }
            }
        }
    }

    private static void echo(Socket socket) {
        byte[] buf = new byte[EchoServers.BUFFER_SIZE];
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // reset by the load generator when it stops
        }
    }
}
