package io.jcoro.scheduler.net;

import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.io.IoDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listening TCP socket whose {@link #accept()} suspends the calling coroutine until a connection
 * arrives. Readiness comes from the I/O driver of the scheduler that bound it (see {@link IoDriver});
 * each accepted {@link AsyncSocket} uses the driver of the thread that accepted it.
 *
 * <p>A cancelled or timed-out {@code accept} withdraws its interest and leaves the server open;
 * {@link #close()} from any coroutine or thread makes a pending {@code accept} throw
 * {@link java.nio.channels.AsynchronousCloseException}, which is how a server loop is stopped.
 */
public final class AsyncServerSocket implements AutoCloseable {
    /** The listen backlog of {@link #bind(InetSocketAddress)} (the kernel may cap it). */
    public static final int DEFAULT_BACKLOG = 1024;

    private final ServerSocketChannel channel;
    private final Registration registration;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final IoBudget budget = new IoBudget();

    private AsyncServerSocket(ServerSocketChannel channel, IoDriver driver) {
        this.channel = channel;
        this.registration = new Registration(driver, channel);
    }

    /** Binds to {@code local} (port 0: an ephemeral port, see {@link #port()}) with the default backlog. */
    public static AsyncServerSocket bind(InetSocketAddress local) throws IOException {
        return bind(local, DEFAULT_BACKLOG);
    }

    /** Binds to {@code local} with a listen backlog of {@code backlog} pending connections. */
    public static AsyncServerSocket bind(InetSocketAddress local, int backlog) throws IOException {
        Objects.requireNonNull(local, "local");
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local, backlog);
            return new AsyncServerSocket(channel, IoDriver.current());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Suspends until a connection arrives and returns it.
     *
     * @throws java.nio.channels.AsynchronousCloseException when the server is closed meanwhile
     * @throws AcceptPendingException when another coroutine is accepting on this server
     */
    @Suspendable
    public AsyncSocket accept() throws IOException {
        if (!accepting.compareAndSet(false, true)) {
            throw new AcceptPendingException();
        }
        try {
            budget.beforeOperation();
            while (true) {
                SocketChannel accepted = channel.accept();
                if (accepted != null) {
                    AsyncSocket socket;
                    try {
                        socket = new AsyncSocket(accepted, IoDriver.current());
                    } catch (IOException | RuntimeException e) {
                        accepted.close();
                        throw e;
                    }
                    budget.spend();
                    return socket;
                }
                registration.await(Registration.IN, SelectionKey.OP_ACCEPT);
                budget.refill();
            }
        } finally {
            accepting.set(false);
        }
    }

    /** The bound address. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The bound port (the chosen one when bound to port 0). */
    public int port() throws IOException {
        return localAddress().getPort();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Stops listening; a pending accept throws {@link java.nio.channels.AsynchronousCloseException}. Idempotent. */
    @Override
    public void close() throws IOException {
        registration.closeChannel();
    }

    /** The driver that polls this socket; for tests. */
    IoDriver driver() {
        return registration.driver();
    }

    /** The interest ops registered right now, -1 when there is no selection key; for tests. */
    Promise<Integer> registeredInterest() {
        return registration.interestOps();
    }

    @Override
    public String toString() {
        return "AsyncServerSocket[" + channel + "]";
    }
}
