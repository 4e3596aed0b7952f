package io.jcoro.scheduler.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcoro.Async;
import io.jcoro.it.net.Fds;
import io.jcoro.it.net.InJvmAgent;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Kind;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import io.jcoro.scheduler.TimeoutException;
import io.jcoro.scheduler.io.IoDriver;
import io.jcoro.scheduler.io.SelectorLoop;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AsyncServerSocket and AsyncSocket on both schedulers: the data path, half-close, and what
 * cancellation, timeouts and close do to the selector registration.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncSocketTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @BeforeAll
    static void agent() {
        InJvmAgent.install();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bytesComeBackInOrderAndAHalfCloseEndsTheExchange(Kind kind) throws Exception {
        byte[] sent = pattern(300_000, 7); // more than the socket buffers hold: writes wait for room
        try (Scheduler s = kind.create("echo-" + kind)) {
            byte[][] back = new byte[1][];
            long echoed = s.blockOn(() -> {
                try (AsyncServerSocket server = AsyncServerSocket.bind(LOOPBACK)) {
                    Task<Long> serverSide = Coroutines.spawn(() -> {
                        try (AsyncSocket c = server.accept()) {
                            ByteBuffer buf = ByteBuffer.allocate(8192);
                            long total = 0;
                            while (c.read(buf) >= 0) {
                                buf.flip();
                                total += c.write(buf);
                                buf.clear();
                            }
                            return total; // the client half-closed; closing here ends its reads
                        }
                    });
                    try (AsyncSocket client = AsyncSocket.connect(server.localAddress())) {
                        Task<Integer> writer = Coroutines.spawn(() -> {
                            int n = client.write(ByteBuffer.wrap(sent));
                            client.shutdownOutput();
                            return n;
                        });
                        ByteArrayOutputStream received = new ByteArrayOutputStream();
                        ByteBuffer buf = ByteBuffer.allocate(5000);
                        while (client.read(buf) >= 0) {
                            received.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        assertEquals(sent.length, Async.await(writer.promise()));
                        back[0] = received.toByteArray();
                    }
                    return Async.await(serverSide.promise());
                }
            });
            assertEquals(sent.length, echoed);
            assertArrayEquals(sent, back[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledReadWithdrawsItsInterestAndTheSocketStaysUsable(Kind kind) throws Exception {
        try (Scheduler s = kind.create("cancel-read-" + kind);
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            AtomicReference<AsyncSocket> accepted = new AtomicReference<>();
            AtomicReference<Throwable> seenInside = new AtomicReference<>();
            Task<Integer> reader = s.spawn(() -> {
                AsyncSocket c = server.accept();
                accepted.set(c);
                try {
                    return c.read(ByteBuffer.allocate(16));
                } catch (CancellationException e) {
                    seenInside.set(e);
                    throw e;
                }
            });
            AsyncSocket c = until(accepted::get);
            until(() -> interest(c) == SelectionKey.OP_READ ? Boolean.TRUE : null);
            int keysWhileReading = keyCount(c.driver());

            assertTrue(reader.cancel());
            assertThrows(CancellationException.class, () -> Async.await(reader.promise()));
            assertInstanceOf(CancellationException.class, seenInside.get(), "the pending read threw inside the task");
            assertEquals(0, interest(c), "the cancelled read left no interest registered");
            assertEquals(keysWhileReading, keyCount(c.driver()), "the key stays, idle, for the next read");
            assertTrue(c.isOpen());

            client.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
            String got = s.blockOn(() -> {
                ByteBuffer buf = ByteBuffer.allocate(16);
                while (buf.position() < 2) {
                    c.read(buf);
                }
                return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            });
            assertEquals("hi", got, "the socket still reads after the cancelled read");

            c.close();
            assertEquals(-1, interest(c), "close cancelled the key");
            until(() -> keyCount(c.driver()) == keysWhileReading - 1 ? Boolean.TRUE : null);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledTaskClosesItsSocketInItsFinallyAndThePeerSeesTheEnd(Kind kind) throws Exception {
        try (Scheduler s = kind.create("cancel-close-" + kind);
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            int keysBefore = keyCount(server.driver());
            AtomicReference<AsyncSocket> accepted = new AtomicReference<>();
            Task<Integer> handler = s.spawn(() -> {
                try (AsyncSocket c = server.accept()) {
                    accepted.set(c);
                    return c.read(ByteBuffer.allocate(16));
                }
            });
            AsyncSocket c = until(accepted::get);
            until(() -> interest(c) == SelectionKey.OP_READ ? Boolean.TRUE : null);
            assertTrue(handler.cancel());
            assertThrows(CancellationException.class, () -> Async.await(handler.promise()));
            assertFalse(c.isOpen(), "try-with-resources closed the socket as the cancellation unwound");
            assertEquals(-1, interest(c));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the peer sees the connection end");
            until(() -> keyCount(server.driver()) == keysBefore ? Boolean.TRUE : null);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimedOutAcceptWithdrawsItsInterestAndTheServerStillAccepts(Kind kind) throws Exception {
        try (Scheduler s = kind.create("timeout-accept-" + kind)) {
            String result = s.blockOn(() -> {
                try (AsyncServerSocket server = AsyncServerSocket.bind(LOOPBACK)) {
                    String timedOut;
                    try {
                        Coroutines.withTimeout(Duration.ofMillis(50), () -> server.accept());
                        timedOut = "accept returned";
                    } catch (TimeoutException e) {
                        timedOut = e.getCause().getClass().getSimpleName();
                    }
                    int after = Async.await(server.registeredInterest());
                    Task<Integer> next = Coroutines.spawn(() -> {
                        try (AsyncSocket c = server.accept()) {
                            return c.read(ByteBuffer.allocate(4));
                        }
                    });
                    try (AsyncSocket client = AsyncSocket.connect(server.localAddress())) {
                        client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                        return timedOut + " " + after + " " + Async.await(next.promise());
                    }
                }
            });
            assertEquals("CancellationException 0 3", result,
                    "the accept timed out, no interest stayed, and the next accept got the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingASocketFailsItsPendingReadAndDropsItsKey(Kind kind) throws Exception {
        try (Scheduler s = kind.create("close-read-" + kind);
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            AtomicReference<AsyncSocket> accepted = new AtomicReference<>();
            Task<Integer> reader = s.spawn(() -> {
                AsyncSocket c = server.accept();
                accepted.set(c);
                return c.read(ByteBuffer.allocate(16));
            });
            AsyncSocket c = until(accepted::get);
            until(() -> interest(c) == SelectionKey.OP_READ ? Boolean.TRUE : null);
            int keysWhileReading = keyCount(c.driver());

            c.close(); // from this thread, not the driver's
            assertThrows(AsynchronousCloseException.class, () -> Async.await(reader.promise()));
            assertEquals(-1, interest(c));
            until(() -> keyCount(c.driver()) == keysWhileReading - 1 ? Boolean.TRUE : null);
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the peer sees the connection end");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimedOutConnectClosesItsSocket(Kind kind) throws Exception {
        assumeTrue(Fds.supported(), "needs /proc/self/fd");
        // a listener with a full accept queue: the kernel drops further SYNs, so a connect stays pending
        try (Scheduler s = kind.create("timeout-connect-" + kind);
                ServerSocketChannel full = ServerSocketChannel.open().bind(LOOPBACK, 1)) {
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    SocketChannel f = SocketChannel.open();
                    f.configureBlocking(false);
                    f.connect(full.getLocalAddress());
                    fillers.add(f);
                }
                int socketsBefore = Fds.sockets();
                String outcome = s.blockOn(() -> {
                    try {
                        AsyncSocket stuck = Coroutines.withTimeout(Duration.ofMillis(300),
                                () -> AsyncSocket.connect((InetSocketAddress) full.getLocalAddress()));
                        stuck.close();
                        return "connected";
                    } catch (TimeoutException e) {
                        return "timed out";
                    }
                });
                assumeTrue(outcome.equals("timed out"), "the kernel accepted the connection: cannot test a pending connect");
                int socketsAfter = Fds.settle(Fds::sockets, n -> n <= socketsBefore, 100, 20);
                assertTrue(socketsAfter <= socketsBefore, "the timed-out connect closed its socket: " + socketsAfter
                        + " sockets open, " + socketsBefore + " before");
            } finally {
                for (SocketChannel f : fillers) {
                    f.close();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusedConnectionThrowsConnectException(Kind kind) throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocketChannel gone = ServerSocketChannel.open().bind(LOOPBACK)) {
            closedPort = (InetSocketAddress) gone.getLocalAddress();
        }
        try (Scheduler s = kind.create("refused-" + kind)) {
            String outcome = s.blockOn(() -> {
                try (AsyncSocket c = AsyncSocket.connect(closedPort)) {
                    return "connected to " + c.remoteAddress();
                } catch (ConnectException e) {
                    return "refused";
                }
            });
            assertEquals("refused", outcome);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheSchedulerCancelsItsConnectionsAndClosesTheirSockets(Kind kind) throws Exception {
        List<SocketChannel> clients = new ArrayList<>();
        try {
            AtomicInteger closedByFinally = new AtomicInteger();
            try (Scheduler s = kind.create("close-all-" + kind)) {
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                AtomicInteger waiting = new AtomicInteger();
                s.spawn(() -> {
                    try (server) {
                        while (true) {
                            AsyncSocket c = server.accept();
                            Coroutines.spawn(() -> {
                                try (c) {
                                    waiting.incrementAndGet();
                                    return c.read(ByteBuffer.allocate(1));
                                } finally {
                                    closedByFinally.incrementAndGet();
                                }
                            });
                        }
                    }
                });
                for (int i = 0; i < 5; i++) {
                    clients.add(SocketChannel.open(server.localAddress()));
                }
                until(() -> waiting.get() == 5 ? Boolean.TRUE : null);
            } // close(): cancels the accept loop and the five readers, and waits for them
            assertEquals(5, closedByFinally.get());
            for (SocketChannel client : clients) {
                assertEquals(-1, client.read(ByteBuffer.allocate(1)), "each peer sees its connection end");
            }
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    @Test
    void afterShutdownInputReadsReturnTheEndOfTheStream() throws Exception {
        try (Scheduler s = Kind.SINGLE_THREADED.create("shutdown-input");
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            int n = s.blockOn(() -> {
                try (AsyncSocket c = server.accept()) {
                    c.shutdownInput();
                    return c.read(ByteBuffer.allocate(8));
                }
            });
            assertEquals(-1, n);
        }
    }

    @Test
    void aSecondConcurrentReadIsRejected() throws Exception {
        try (Scheduler s = Kind.SINGLE_THREADED.create("two-readers");
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            String outcome = s.blockOn(() -> {
                try (AsyncSocket c = server.accept()) {
                    Task<Integer> first = Coroutines.spawn(() -> c.read(ByteBuffer.allocate(4)));
                    Coroutines.yieldNow(); // let the first reader start waiting
                    try {
                        c.read(ByteBuffer.allocate(4));
                        return "second read ran";
                    } catch (ReadPendingException e) {
                        first.cancel();
                        return "rejected";
                    }
                }
            });
            assertEquals("rejected", outcome);
        }
    }

    @Test
    void aReaderThatNeverWaitsYieldsToOtherTasksWithinItsBudget() throws Exception {
        int bytes = 20_000;
        try (Scheduler s = Kind.SINGLE_THREADED.create("budget");
                AsyncServerSocket server = s.blockOn(() -> AsyncServerSocket.bind(LOOPBACK));
                SocketChannel client = SocketChannel.open(server.localAddress())) {
            client.write(ByteBuffer.wrap(pattern(bytes, 3))); // all buffered before the reader starts
            AtomicInteger ticks = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            int[] longestStreak = s.blockOn(() -> {
                Task<Void> ticker = Coroutines.spawn(() -> {
                    while (!done.get()) {
                        ticks.incrementAndGet();
                        Coroutines.yieldNow();
                    }
                    return null;
                });
                try (AsyncSocket c = server.accept()) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    int read = 0, streak = 0, longest = 0, lastTicks = ticks.get();
                    while (read < bytes) {
                        one.clear();
                        read += c.read(one);
                        int now = ticks.get();
                        streak = now == lastTicks ? streak + 1 : 1;
                        lastTicks = now;
                        longest = Math.max(longest, streak);
                    }
                    done.set(true);
                    Async.await(ticker.promise());
                    return new int[] {longest, read};
                }
            });
            assertEquals(bytes, longestStreak[1]);
            assertTrue(longestStreak[0] <= IoBudget.OPERATIONS,
                    "reads in a row without letting the other task run: " + longestStreak[0]);
        }
    }

    @Test
    void theParallelSchedulerPollsOnOneSelectorThreadThatStopsWithIt() throws Exception {
        Thread io;
        try (Scheduler s = Kind.PARALLEL_2.create("par-net")) {
            io = s.blockOn(() -> {
                try (AsyncServerSocket server = AsyncServerSocket.bind(LOOPBACK)) {
                    return ((SelectorLoop) server.driver()).thread();
                }
            });
            assertEquals("par-net-io", io.getName());
            assertTrue(io.isAlive());
        }
        io.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(io.isAlive(), "closing the scheduler stopped its selector thread");
    }

    @Test
    void outsideAnySchedulerTheSocketsBlockTheCallingThreadOnTheSharedDriver() throws Exception {
        try (AsyncServerSocket server = AsyncServerSocket.bind(LOOPBACK)) {
            assertEquals("jcoro-io", ((SelectorLoop) server.driver()).thread().getName());
            Thread acceptor = new Thread(() -> {
                try (AsyncSocket c = server.accept()) {
                    c.write(ByteBuffer.wrap("plain".getBytes(StandardCharsets.US_ASCII)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            acceptor.start();
            try (AsyncSocket c = AsyncSocket.connect(server.localAddress())) {
                ByteBuffer buf = ByteBuffer.allocate(16);
                while (c.read(buf) >= 0) {
                    assertTrue(buf.hasRemaining());
                }
                assertEquals("plain", new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    private static int interest(AsyncSocket c) {
        return Async.await(c.registeredInterest());
    }

    /** The number of keys registered with {@code driver}'s selector, counted on its thread. */
    private static int keyCount(IoDriver driver) {
        io.jcoro.Promise<Integer> n = io.jcoro.Promise.create();
        driver.execute(() -> n.complete(driver.selector().keys().size()));
        return Async.await(n);
    }

    /** Polls {@code probe} until it gives a non-null value (bounded; the class timeout is the backstop). */
    static <T> T until(Supplier<T> probe) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(5);
        }
        T v = probe.get();
        assertNotNull(v, "condition not reached within 15 s");
        return v;
    }
}
