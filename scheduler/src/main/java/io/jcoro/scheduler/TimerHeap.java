package io.jcoro.scheduler;

import java.util.PriorityQueue;

/**
 * The event loop's timers, earliest deadline first. The heap itself is used only on the loop
 * thread; a {@link Timer} may be cancelled from any thread. Cancelled timers stay in the heap until
 * they reach the top, or until there are many of them, when the heap is swept.
 */
final class TimerHeap {
    private static final int SWEEP_MIN = 1024;

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private Thread loopThread;
    private long sequence;
    /** Cancelled timers still in the heap that were counted (cancelled on the loop thread). */
    private int cancelledInHeap;

    void setLoopThread(Thread loopThread) {
        this.loopThread = loopThread;
    }

    /** A timer not yet in the heap; {@link #add} puts it there (on the loop thread). */
    Timer newTimer(long deadlineNanos, Runnable action) {
        return new Timer(this, deadlineNanos, action);
    }

    void add(Timer t) {
        if (t.cancelled) {
            return;
        }
        t.seq = sequence++;
        t.inHeap = true;
        heap.add(t);
    }

    /** Whether a live timer is pending; drops cancelled timers from the top. */
    boolean hasTimers() {
        dropCancelledTop();
        return !heap.isEmpty();
    }

    /** The earliest live deadline; call only when {@link #hasTimers()}. */
    long nextDeadline() {
        return heap.peek().deadline;
    }

    /** Runs every live timer whose deadline is at or before {@code now}, earliest first. */
    void runExpired(long now, ActionRunner runner) {
        for (Timer t = pollExpired(now); t != null; t = pollExpired(now)) {
            runner.run(t.action);
        }
    }

    /**
     * Takes off the heap the earliest live timer whose deadline is at or before {@code now}, or returns
     * null when there is none; ties come in the order they were added.
     */
    Timer pollExpired(long now) {
        dropCancelledTop();
        Timer t = heap.peek();
        if (t == null || t.deadline - now > 0) {
            return null;
        }
        remove();
        return t;
    }

    int size() {
        return heap.size();
    }

    private void dropCancelledTop() {
        Timer t;
        while ((t = heap.peek()) != null && t.cancelled) {
            remove();
        }
    }

    private void remove() {
        Timer t = heap.poll();
        t.inHeap = false;
        if (t.counted) {
            cancelledInHeap--;
        }
    }

    private void cancelledOnLoop(Timer t) {
        if (!t.inHeap) {
            return;
        }
        t.counted = true;
        cancelledInHeap++;
        if (cancelledInHeap >= SWEEP_MIN && cancelledInHeap > heap.size() / 2) {
            heap.removeIf(x -> {
                if (x.cancelled) {
                    x.inHeap = false;
                    return true;
                }
                return false;
            });
            cancelledInHeap = 0;
        }
    }

    interface ActionRunner {
        void run(Runnable action);
    }

    /** One timer. */
    static final class Timer implements Comparable<Timer>, TimerHandle {
        private final TimerHeap owner;
        final long deadline;
        final Runnable action;
        volatile boolean cancelled;
        private long seq;
        /** Loop thread only. */
        private boolean inHeap;
        private boolean counted;

        Timer(TimerHeap owner, long deadline, Runnable action) {
            this.owner = owner;
            this.deadline = deadline;
            this.action = action;
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (Thread.currentThread() == owner.loopThread) {
                owner.cancelledOnLoop(this);
            }
        }

        @Override
        public int compareTo(Timer o) {
            long d = deadline - o.deadline;
            if (d != 0) {
                return d < 0 ? -1 : 1;
            }
            return Long.compare(seq, o.seq);
        }
    }
}
