package io.jcoro.benchmarks.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The echo figure's load generator, run in its own JVM: opens N connections to 127.0.0.1:PORT, then
 * on each keeps one message in flight (send, wait for the whole echo, send again) from one selector
 * thread. Messages whose round trip starts and ends inside the measurement window are counted, and
 * their latencies give the percentiles. Bounded in time: the connect phase has a deadline, the run
 * ends after warm-up + measurement.
 *
 * <p>Usage: {@code EchoLoadGenerator PORT CONNECTIONS WARMUP_MS MEASURE_MS [MESSAGE_BYTES]}. Prints
 * {@code RESULT connections=... msgsPerSec=... p50us=... p99us=... closed=...}, or
 * {@code FAILED ...} (exit status 2) when the connections could not all be opened.
 */
public final class EchoLoadGenerator {
    private static final int MAX_PENDING_CONNECTS = 256;
    private static final long CONNECT_DEADLINE_MILLIS = 60_000;

    private final InetSocketAddress server;
    private final int connections;
    private final int messageBytes;
    private final Selector selector;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private long windowStart;
    private long windowEnd;
    private long inWindow;
    private int closed;

    private EchoLoadGenerator(InetSocketAddress server, int connections, int messageBytes) throws IOException {
        this.server = server;
        this.connections = connections;
        this.messageBytes = messageBytes;
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long warmupMillis = Long.parseLong(args[2]);
        long measureMillis = Long.parseLong(args[3]);
        int messageBytes = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        EchoLoadGenerator load = new EchoLoadGenerator(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connections, messageBytes);
        long connectStart = System.nanoTime();
        Connection[] all = load.connectAll();
        if (all == null) {
            System.exit(2);
        }
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        load.run(all, warmupMillis, measureMillis);
        double seconds = measureMillis / 1000.0;
        System.out.printf("RESULT connections=%d connectMillis=%d seconds=%.1f messages=%d msgsPerSec=%.0f"
                        + " p50us=%.1f p99us=%.1f closed=%d%n",
                connections, connectMillis, seconds, load.inWindow, load.inWindow / seconds,
                load.latencies.percentileMicros(50), load.latencies.percentileMicros(99), load.closed);
        for (Connection c : all) {
            c.channel.close();
        }
    }

    /** Opens every connection, at most {@value #MAX_PENDING_CONNECTS} pending at once; null on failure. */
    private Connection[] connectAll() throws IOException {
        Connection[] all = new Connection[connections];
        long deadline = System.nanoTime() + CONNECT_DEADLINE_MILLIS * 1_000_000;
        int opened = 0;
        int established = 0;
        int pending = 0;
        while (established < connections) {
            while (pending < MAX_PENDING_CONNECTS && opened < connections) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(channel, messageBytes);
                all[opened++] = c;
                if (channel.connect(server)) {
                    established++;
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, c);
                    pending++;
                }
            }
            selector.select(100);
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                try {
                    if (((SocketChannel) key.channel()).finishConnect()) {
                        key.interestOps(0);
                        established++;
                        pending--;
                    }
                } catch (IOException e) {
                    System.out.printf("FAILED connections=%d established=%d error=%s%n", connections, established, e);
                    return null;
                }
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("FAILED connections=%d established=%d error=only %d of %d connections"
                        + " established in %d ms%n", connections, established, established, connections,
                        CONNECT_DEADLINE_MILLIS);
                return null;
            }
        }
        return all;
    }

    private void run(Connection[] all, long warmupMillis, long measureMillis) throws IOException {
        long now = System.nanoTime();
        windowStart = now + warmupMillis * 1_000_000;
        windowEnd = windowStart + measureMillis * 1_000_000;
        for (Connection c : all) {
            SelectionKey key = c.channel.keyFor(selector);
            if (key == null) {
                c.channel.register(selector, SelectionKey.OP_READ, c);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
            c.send(now);
        }
        while ((now = System.nanoTime()) < windowEnd && closed < all.length) {
            selector.select(10);
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                Connection c = (Connection) key.attachment();
                now = System.nanoTime();
                try {
                    long sentAt = c.sentAt;
                    if (c.readEcho()) {
                        if (sentAt >= windowStart && now <= windowEnd) {
                            inWindow++;
                            latencies.record(now - sentAt);
                        }
                        c.send(now);
                    }
                } catch (IOException e) {
                    key.cancel();
                    closed++;
                }
            }
        }
    }

    /** One connection with one message in flight. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;
        long sentAt;

        Connection(SocketChannel channel, int messageBytes) {
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(messageBytes);
            this.in = ByteBuffer.allocateDirect(messageBytes);
            for (int i = 0; i < messageBytes; i++) {
                out.put(i, (byte) i);
            }
        }

        void send(long now) throws IOException {
            out.clear();
            while (out.hasRemaining()) {
                channel.write(out); // one small message in flight: the send buffer always has room
            }
            sentAt = now;
        }

        /** Reads what has arrived; true once the whole message is back. */
        boolean readEcho() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("closed by the server");
            }
            if (in.hasRemaining()) {
                return false;
            }
            in.clear();
            return true;
        }
    }
}
