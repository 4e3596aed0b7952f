package io.jcoro.examples.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a server saw: connections, bytes, how connections ended, and the threads that served them. */
public final class ConnectionStats {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    void opened() {
        accepted.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void closed() {
        open.decrementAndGet();
    }

    void received(int n) {
        bytesIn.addAndGet(n);
    }

    void sent(int n) {
        bytesOut.addAndGet(n);
    }

    void countTimeout() {
        timedOut.incrementAndGet();
    }

    void countFailure() {
        failed.incrementAndGet();
    }

    /** Notes the thread running server code right now. */
    void ranOn(Thread t) {
        threads.add(t);
    }

    public long accepted() {
        return accepted.get();
    }

    /** Connections accepted and not yet closed by the server. */
    public int open() {
        return open.get();
    }

    /** The most connections open at the same time. */
    public int maxOpen() {
        return maxOpen.get();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** Connections closed because they stayed idle past the idle timeout. */
    public long timedOut() {
        return timedOut.get();
    }

    /** Connections that ended with an I/O error (a reset, a broken pipe). */
    public long failed() {
        return failed.get();
    }

    /** Every thread that ran the server's code (accepting, reading, writing). */
    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " open=" + open() + " maxOpen=" + maxOpen() + " bytesIn=" + bytesIn()
                + " bytesOut=" + bytesOut() + " timedOut=" + timedOut() + " failed=" + failed();
    }
}
