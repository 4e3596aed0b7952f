package io.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.internal.PromiseListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Withdrawn listeners are swept off a pending promise ({@link Promise#listenerWithdrawn}); the live
 * ones keep their order and run exactly once, whatever pushes, sweeps and the settlement race with.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PromiseSweepTest {
    /** Like a task's wake-up: runs at most once, or is withdrawn first, never both. */
    static final class Node extends PromiseListener {
        static final int LIVE = 0, RAN = 1, WITHDRAWN = 2;
        final int id;
        final AtomicInteger state = new AtomicInteger(LIVE);
        final AtomicInteger calls = new AtomicInteger();
        final List<Integer> log;

        Node(int id, List<Integer> log) {
            this.id = id;
            this.log = log;
        }

        @Override
        public void settled(Object value, Throwable error) {
            calls.incrementAndGet();
            if (state.compareAndSet(LIVE, RAN) && log != null) {
                log.add(id);
            }
        }

        @Override
        public boolean withdrawn() {
            return state.get() == WITHDRAWN;
        }

        /** Withdraws the node unless it ran; tells the promise, as an await that gives up does. */
        boolean withdrawFrom(Promise<?> p) {
            if (state.compareAndSet(LIVE, WITHDRAWN)) {
                p.listenerWithdrawn();
                return true;
            }
            return false;
        }
    }

    @Test
    void withdrawnNodesAreUnlinkedAndTheLiveOnesRunInRegistrationOrder() {
        Promise<String> p = Promise.create();
        List<Integer> ran = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Node n = new Node(i, ran);
            nodes.add(n);
            p.listen(n);
        }
        List<Integer> expected = new ArrayList<>();
        for (Node n : nodes) {
            if (n.id % 3 == 0 || n.id == 19) { // the oldest, the newest, and others between
                n.withdrawFrom(p);
            } else {
                expected.add(n.id);
            }
        }
        int left = p.listenerCount();
        assertTrue(left <= 2 * expected.size(), left + " nodes left for " + expected.size() + " live ones");
        p.complete("v");
        assertEquals(expected, ran);
        for (Node n : nodes) {
            assertTrue(n.calls.get() <= 1, "node " + n.id + " ran " + n.calls.get() + " times");
        }
    }

    @Test
    void aPromiseWithOnlyWithdrawnListenersKeepsNone() {
        Promise<String> p = Promise.create();
        for (int i = 0; i < 100_000; i++) {
            Node n = new Node(i, null);
            p.listen(n);
            n.withdrawFrom(p);
        }
        assertEquals(0, p.listenerCount());
        List<Integer> ran = new ArrayList<>();
        p.listen(new Node(-1, ran));
        p.complete("v");
        assertEquals(List.of(-1), ran);
    }

    @Test
    void withdrawnNodesNeverOutnumberTheLiveOnes() {
        Promise<String> p = Promise.create();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Node n = new Node(i, null);
            nodes.add(n);
            p.listen(n);
        }
        for (int i = 0; i < nodes.size(); i++) { // oldest first, as timeouts of equal length expire
            nodes.get(i).withdrawFrom(p);
            int live = nodes.size() - i - 1;
            int left = p.listenerCount();
            assertTrue(left - live <= live + 1, (left - live) + " withdrawn nodes left beside " + live + " live ones");
        }
        assertEquals(0, p.listenerCount());
    }

    /**
     * Threads push, withdraw (which sweeps) and one settles, all at once. Every node that was not
     * withdrawn must run exactly once: a sweep may never lose a live node, nor let one run twice.
     */
    @Test
    void sweepsRacingWithPushesAndTheSettlementLoseNothing() throws Exception {
        int threads = 3;
        int perThread = 2_000;
        for (int round = 0; round < 200; round++) {
            Promise<String> p = Promise.create();
            List<List<Node>> all = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Node> mine = new ArrayList<>();
                all.add(mine);
                workers.add(new Thread(() -> {
                    await(start);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    List<Node> pending = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        Node n = new Node(i, null);
                        mine.add(n);
                        p.listen(n);
                        pending.add(n);
                        if (random.nextInt(4) != 0) { // most awaits give up, some in a later iteration
                            pending.remove(random.nextInt(pending.size())).withdrawFrom(p);
                        }
                    }
                }));
            }
            Thread settler = new Thread(() -> {
                await(start);
                for (int i = ThreadLocalRandom.current().nextInt(20_000); i > 0; i--) {
                    Thread.onSpinWait();
                }
                p.complete("done");
            });
            workers.forEach(Thread::start);
            settler.start();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            settler.join();
            for (List<Node> mine : all) {
                for (Node n : mine) {
                    int s = n.state.get();
                    assertTrue(s == Node.RAN || s == Node.WITHDRAWN, "round " + round + ": a live node never ran");
                    assertTrue(n.calls.get() <= 1, "round " + round + ": a node ran " + n.calls.get() + " times");
                    if (s == Node.RAN) {
                        assertEquals(1, n.calls.get());
                    }
                }
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
