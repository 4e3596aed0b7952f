package io.jcoro.scheduler.net;

import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.io.IoDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritePendingException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A non-blocking TCP connection whose waiting steps suspend the calling coroutine: {@link #connect},
 * {@link #read} and {@link #write} try the operation at once and, when the socket is not ready,
 * register interest with the I/O driver of the calling thread's scheduler and await readiness (see
 * {@link IoDriver} for which thread polls). Outside any coroutine they block the calling thread.
 *
 * <p>One coroutine may read while another writes; a second concurrent read (or write) throws
 * {@link ReadPendingException} ({@link WritePendingException}).
 *
 * <p>Cancellation and timeouts: when the coroutine's task is cancelled, or a {@code withTimeout}
 * around the call runs out, the pending wait throws {@link java.util.concurrent.CancellationException}
 * after withdrawing its interest from the selector. A cancelled read or write leaves the socket open
 * and usable (no byte is lost: a read consumes nothing until it returns; a write's buffer position
 * tells what was sent); a cancelled {@link #connect} closes its socket. {@link #close()} releases the
 * selection key and the file descriptor; a coroutine waiting on the socket then gets an
 * {@link java.nio.channels.AsynchronousCloseException}.
 */
public final class AsyncSocket implements AutoCloseable {
    private final SocketChannel channel;
    private final Registration registration;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final IoBudget readBudget = new IoBudget();
    private final IoBudget writeBudget = new IoBudget();

    /** Wraps a connected or connecting channel and makes it non-blocking. */
    AsyncSocket(SocketChannel channel, IoDriver driver) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.registration = new Registration(driver, channel);
    }

    /**
     * Connects to {@code remote}, suspending until the connection is established.
     *
     * @throws IOException when the connection fails (for example {@link java.net.ConnectException})
     */
    @Suspendable
    public static AsyncSocket connect(InetSocketAddress remote) throws IOException {
        Objects.requireNonNull(remote, "remote");
        SocketChannel channel = SocketChannel.open();
        AsyncSocket socket;
        try {
            socket = new AsyncSocket(channel, IoDriver.current());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        boolean connected = false;
        try {
            if (!channel.connect(remote)) {
                do {
                    socket.registration.await(Registration.OUT, SelectionKey.OP_CONNECT);
                } while (!channel.finishConnect());
            }
            connected = true;
            return socket;
        } finally {
            if (!connected) {
                socket.close(); // failed, cancelled or timed out: a half-open socket is of no use
            }
        }
    }

    /**
     * Reads into {@code dst}, suspending until at least one byte has arrived; returns the number of
     * bytes read, or -1 at the end of the stream (the peer shut down its output). Returns 0 only
     * when {@code dst} has no room.
     */
    @Suspendable
    public int read(ByteBuffer dst) throws IOException {
        if (!reading.compareAndSet(false, true)) {
            throw new ReadPendingException();
        }
        try {
            readBudget.beforeOperation();
            while (true) {
                int n = channel.read(dst);
                if (n != 0 || !dst.hasRemaining()) {
                    readBudget.spend();
                    return n;
                }
                registration.await(Registration.IN, SelectionKey.OP_READ);
                readBudget.refill();
            }
        } finally {
            reading.set(false);
        }
    }

    /**
     * Writes every remaining byte of {@code src}, suspending while the socket's send buffer is full;
     * returns the number of bytes written. If the wait is cancelled, {@code src}'s position tells how
     * much was sent.
     */
    @Suspendable
    public int write(ByteBuffer src) throws IOException {
        if (!writing.compareAndSet(false, true)) {
            throw new WritePendingException();
        }
        try {
            writeBudget.beforeOperation();
            int total = 0;
            while (src.hasRemaining()) {
                int n = channel.write(src);
                total += n;
                if (n == 0) {
                    registration.await(Registration.OUT, SelectionKey.OP_WRITE);
                    writeBudget.refill();
                }
            }
            writeBudget.spend();
            return total;
        } finally {
            writing.set(false);
        }
    }

    /** Half-close: sends FIN; the peer reads the end of the stream, and this side can still read. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Shuts down the input side: further reads return -1. */
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    /** Sets a socket option (for example {@link StandardSocketOptions#SO_LINGER}). */
    public <T> AsyncSocket setOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
        return this;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    public InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the connection: the channel, its selection key (dropped by the driver's next select,
     * which also releases the file descriptor) and any pending wait on it, which throws
     * {@link java.nio.channels.AsynchronousCloseException}. Idempotent; any thread.
     */
    @Override
    public void close() throws IOException {
        registration.closeChannel();
    }

    /** The driver that polls this socket; for tests. */
    IoDriver driver() {
        return registration.driver();
    }

    /** The interest ops registered for this socket right now, -1 when it has no selection key; for tests. */
    Promise<Integer> registeredInterest() {
        return registration.interestOps();
    }

    @Override
    public String toString() {
        return "AsyncSocket[" + channel + "]";
    }
}
