package io.jcoro.it.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many echo connections driven from one thread with a plain {@link Selector} (no jcoro involved, so
 * the server under test is checked by independent code). Two phases:
 *
 * <ol>
 *   <li>connect every connection (at most {@value #CONNECTING_AT_ONCE} handshakes in flight) and
 *       send each a one-byte hello; a connection is ready when its hello came back, so when all are
 *       ready the server holds all of them open at once;
 *   <li>each connection then sends its messages one after the other, of varied sizes (most small,
 *       some larger than the socket buffers), reading the echo while it writes; every received byte
 *       is compared with the byte sent at that position; after its last message it closes.
 * </ol>
 *
 * Everything is deterministic from the seed. Bounded in time: past the limit it fails with the
 * progress so far.
 */
final class EchoLoadClient {
    static final int CONNECTING_AT_ONCE = 200;
    private static final byte HELLO = 0x5a;

    /** What a run moved. */
    record Result(int connections, long messages, long bytesSent, long bytesReceived, long millis) {
        @Override
        public String toString() {
            return connections + " connections, " + messages + " messages, " + bytesSent + " bytes sent, "
                    + bytesReceived + " bytes echoed back in order, " + millis + " ms";
        }
    }

    private final InetSocketAddress server;
    private final int connections;
    private final int messagesPerConnection;
    private final long seed;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Connection> all = new ArrayList<>();
    private long messages, bytesSent, bytesReceived;
    private int started, ready, finished;

    private EchoLoadClient(InetSocketAddress server, int connections, int messagesPerConnection, long seed) {
        this.server = server;
        this.connections = connections;
        this.messagesPerConnection = messagesPerConnection;
        this.seed = seed;
    }

    static Result run(InetSocketAddress server, int connections, int messagesPerConnection, long seed, Duration limit)
            throws IOException {
        return new EchoLoadClient(server, connections, messagesPerConnection, seed).run(limit);
    }

    /** The byte at {@code offset} of message {@code message} on connection {@code id}. */
    static byte expected(int id, int message, int offset) {
        return (byte) (offset * 131 + message * 31 + id * 7 + (offset >>> 9));
    }

    /** A message size: mostly small, some medium, a few larger than the socket buffers. */
    static int size(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return 1 + random.nextInt(512);
        } else if (kind < 97) {
            return 512 + random.nextInt(16 * 1024);
        }
        return 64 * 1024 + random.nextInt(192 * 1024);
    }

    private Result run(Duration limit) throws IOException {
        long begin = System.nanoTime();
        long deadline = begin + limit.toNanos();
        try (Selector selector = Selector.open()) {
            try {
                while (finished < connections) {
                    while (started < connections && started - ready < CONNECTING_AT_ONCE) {
                        connect(selector, started++);
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("echo load not done within " + limit.toMillis() + " ms: " + progress());
                    }
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        handle((Connection) key.attachment());
                    }
                }
            } finally {
                for (Connection c : all) {
                    c.channel.close();
                }
            }
        }
        return new Result(connections, messages, bytesSent, bytesReceived, (System.nanoTime() - begin) / 1_000_000);
    }

    private String progress() {
        return "started=" + started + " ready=" + ready + " finished=" + finished + " messages=" + messages
                + " bytesSent=" + bytesSent + " bytesReceived=" + bytesReceived;
    }

    private void connect(Selector selector, int id) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(id, ch, new SplittableRandom(seed * 1_000_003 + id));
        all.add(c);
        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        if (ch.connect(server)) {
            connected(c);
        }
    }

    private void handle(Connection c) throws IOException {
        if (!c.key.isValid()) {
            return;
        }
        if (c.key.isConnectable()) {
            if (!c.channel.finishConnect()) {
                return;
            }
            connected(c);
            return;
        }
        if (c.key.isWritable()) {
            writeSome(c);
        }
        if (c.key.isValid() && c.key.isReadable()) {
            readSome(c);
        }
    }

    private void connected(Connection c) throws IOException {
        ByteBuffer hello = ByteBuffer.wrap(new byte[] {HELLO});
        if (c.channel.write(hello) != 1) {
            throw new AssertionError("connection " + c.id + ": the one-byte hello did not fit in an empty send buffer");
        }
        bytesSent++;
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void startMessage(Connection c) {
        c.size = size(c.random);
        c.written = 0;
        c.received = 0;
        c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void writeSome(Connection c) throws IOException {
        scratch.clear();
        int n = Math.min(scratch.capacity(), c.size - c.written);
        for (int i = 0; i < n; i++) {
            scratch.put(expected(c.id, c.message, c.written + i));
        }
        scratch.flip();
        int w = c.channel.write(scratch);
        c.written += w;
        bytesSent += w;
        if (c.written == c.size) {
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void readSome(Connection c) throws IOException {
        scratch.clear();
        int n = c.channel.read(scratch);
        if (n < 0) {
            throw new AssertionError("connection " + c.id + ": the server closed it in message " + c.message + " after "
                    + c.received + " of " + c.size + " bytes");
        }
        bytesReceived += n;
        if (c.message < 0) { // the hello
            if (n != 1 || scratch.get(0) != HELLO) {
                throw new AssertionError("connection " + c.id + ": bad hello echo (" + n + " bytes)");
            }
            c.message = 0;
            ready++;
            if (ready == connections) {
                for (Connection each : all) {
                    startMessage(each); // every connection is open: now they all talk
                }
            }
            return;
        }
        if (c.received + n > c.written) {
            throw new AssertionError("connection " + c.id + ": " + (c.received + n) + " bytes echoed of message "
                    + c.message + " but only " + c.written + " sent");
        }
        for (int i = 0; i < n; i++) {
            byte want = expected(c.id, c.message, c.received + i);
            if (scratch.get(i) != want) {
                throw new AssertionError("connection " + c.id + ", message " + c.message + ", offset "
                        + (c.received + i) + ": got " + scratch.get(i) + ", sent " + want);
            }
        }
        c.received += n;
        if (c.received == c.size) {
            messages++;
            c.message++;
            if (c.message == messagesPerConnection) {
                c.channel.close();
                finished++;
            } else {
                startMessage(c);
            }
        }
    }

    /** One client connection's progress. */
    private static final class Connection {
        final int id;
        final SocketChannel channel;
        final SplittableRandom random;
        SelectionKey key;
        int message = -1; // -1 while the hello is in flight
        int size, written, received;

        Connection(int id, SocketChannel channel, SplittableRandom random) {
            this.id = id;
            this.channel = channel;
            this.random = random;
        }
    }
}
