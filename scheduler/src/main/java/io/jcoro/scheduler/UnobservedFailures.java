package io.jcoro.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scheduler's failed tasks whose promise nobody has asked for yet, and when each is reported.
 *
 * <p>The rule: a task's failure is observed if anyone asks for the task's promise while the task can
 * still be reached; it is reported (once, to the scheduler's {@link UnobservedFailureHandler}) when
 * that can no longer happen: when the task object has become unreachable (a {@link Cleaner} finds it),
 * or, at the latest, when the scheduler closes. Why not when the task ends: the promise is made only
 * when asked for, and the usual way to ask, {@code spawn(body).promise()}, or keeping the task to await
 * it later, may come after a quick task has already failed; reporting at the end would report failures
 * that the program then handles. The garbage collector knows for sure that nobody can ask any more.
 *
 * <p>Each failure's fate is one CAS on its {@link Report}: PENDING to OBSERVED ({@code promise()}) or
 * PENDING to REPORTED (the cleaner, or close); the first wins, so a failure is reported at most once,
 * and never after it was observed. Only failing tasks cost anything: a report, a cleaner registration,
 * a set entry.
 */
final class UnobservedFailures {
    private final UnobservedFailureHandler handler;
    /** What close() reports; a report leaves it when observed or reported. */
    private final Set<Report> pending = ConcurrentHashMap.newKeySet();

    UnobservedFailures(UnobservedFailureHandler handler) {
        this.handler = handler;
    }

    /**
     * Starts tracking the failure of {@code task}, which nobody has asked about yet; the returned report
     * must be told when someone does ({@link Report#observed()}).
     */
    Report track(Object task, String taskName, Throwable failure) {
        Report r = new Report(this, taskName, failure);
        pending.add(r);
        r.cleanable = Reaper.CLEANER.register(task, r); // the report holds no reference to the task
        return r;
    }

    /** At close, after every task has ended: reports each failure that nobody observed. */
    void reportAll() {
        for (Report r : List.copyOf(pending)) {
            r.report();
        }
    }

    /** One failure nobody has observed yet; also the cleaner's action for its task. */
    static final class Report implements Runnable {
        private static final int PENDING = 0, OBSERVED = 1, REPORTED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Report.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final UnobservedFailures owner;
        private final String task;
        private final Throwable failure;
        private volatile int state = PENDING;
        /** Set by {@link #track} before the report is published to the task's promise() (a volatile write). */
        private Cleaner.Cleanable cleanable;

        Report(UnobservedFailures owner, String task, Throwable failure) {
            this.owner = owner;
            this.task = task;
            this.failure = failure;
        }

        /** Someone asked for the task's promise: never report this failure. */
        void observed() {
            if (STATE.compareAndSet(this, PENDING, OBSERVED)) {
                owner.pending.remove(this);
                cleanable.clean(); // unregisters at once; the action finds the report observed and does nothing
            }
        }

        /** The cleaner's action: the task became unreachable. */
        @Override
        public void run() {
            report();
        }

        void report() {
            if (!STATE.compareAndSet(this, PENDING, REPORTED)) {
                return;
            }
            owner.pending.remove(this);
            try {
                owner.handler.unobserved(task, failure);
            } catch (Throwable t) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, t);
            }
        }
    }

    /** One cleaner thread for every scheduler, started by the first failure nobody had observed. */
    private static final class Reaper {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "jcoro-unobserved-failures");
            t.setDaemon(true);
            return t;
        });
    }
}
