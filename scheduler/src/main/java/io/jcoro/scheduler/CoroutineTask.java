package io.jcoro.scheduler;

import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.SuspensionError;
import io.jcoro.internal.Coroutine;
import io.jcoro.internal.ForwardingCoroutine;
import io.jcoro.internal.WovenCalls;
import io.jcoro.internal.PromiseListener;
import io.jcoro.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * A spawned coroutine: its frame store (the task is the store of its own coroutine, see
 * {@link Coroutine}; its {@code runBody} only forwards to the body, see {@link ForwardingCoroutine}),
 * its promise, and the state machine that makes wake-ups exact (in the style of Tokio's task state). A suspended task is this object, its two frame arrays, the wake-up node its
 * await registered, and its promise once someone asked for it.
 *
 * <p>Run state and cancellation state: two int fields, changed by the transitions of {@link TaskState}
 * (where the state diagram, the invariants and the threads that may make each transition are). A
 * wake-up in SCHEDULED or NOTIFIED is already accounted for and does nothing, so a task is in its
 * scheduler's queue at most once and runs on one thread at a time; a wake-up while it still runs is
 * remembered as NOTIFIED and re-queues it right after it suspends, so no wake-up is lost.
 *
 * <p>Who may wake it: each await arms a token ({@link #arm}, a new {@link WakeOnSettle} node that the await
 * registers on its promise); the promise's settlement, a cancellation
 * and an expired timeout each consume the token by CAS before waking, so one await is woken once.
 *
 * <p>Cancellation: ACTIVE → CANCELLED ({@link #cancel}) or ACTIVE → FINISHED (the body ended first).
 * Whichever wins decides the outcome, so {@code cancel()} returns true exactly when the promise fails
 * with {@link CancellationException}.
 *
 * <p>Scopes: the running task's {@code withTimeout}s, {@link Coroutines#scope}s and shields form one
 * chain ({@link #scopes}, touched only by the runner); an await stops when the task is cancelled or a
 * scope on the chain expired, unless the innermost scope is a shield. A scope's child tells its scope
 * when it is DONE ({@link StructuredScope#childEnded}), and {@link #join} waits for DONE on a promise
 * of its own. Those, the cause of a cancellation a {@link ResumeHook} made and a failure that woke the
 * task (for its async stack trace) live in {@link Extras}, which most tasks never make; the
 * {@link TaskLocal} bindings are one field. What an await waits for, which dumps show, is kept on its
 * {@link WakeOnSettle} node, not in the task.
 */
final class CoroutineTask<T> extends ForwardingCoroutine implements Task<T>, Waiter, Runnable {
    private static final int SCHEDULED = TaskState.SCHEDULED, RUNNING = TaskState.RUNNING,
            NOTIFIED = TaskState.NOTIFIED, IDLE = TaskState.IDLE, DONE = TaskState.DONE;
    private static final int ACTIVE = TaskState.ACTIVE, CANCELLED = TaskState.CANCELLED;
    private static final VarHandle ARMED, RUNNER, PROMISE, OUTCOME, EXTRAS;
    /** {@link #runState} and {@link #cancel}, for their transitions ({@link TaskState}). */
    private static final VarHandle RUN_STATE, CANCEL_STATE;
    /** {@link #runBody}'s call, for the root check. */
    private static final int CALLS_BODY = registerForwardedCall(CoroutineTask.class, "io/jcoro/SuspendableCallable.call()Ljava/lang/Object;");
    /** Stands for a {@code null} value in {@link #outcome} and {@link #bodyResult}. */
    private static final Object NULL_VALUE = new Object();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUN_STATE = lookup.findVarHandle(CoroutineTask.class, "runState", int.class);
            CANCEL_STATE = lookup.findVarHandle(CoroutineTask.class, "cancel", int.class);
            ARMED = lookup.findVarHandle(CoroutineTask.class, "armed", Object.class);
            RUNNER = lookup.findVarHandle(CoroutineTask.class, "runner", Thread.class);
            PROMISE = lookup.findVarHandle(CoroutineTask.class, "promise", Promise.class);
            OUTCOME = lookup.findVarHandle(CoroutineTask.class, "outcome", Object.class);
            EXTRAS = lookup.findVarHandle(CoroutineTask.class, "extras", Extras.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AbstractScheduler scheduler;
    private final long id;
    private final SuspendableCallable<T> body;
    /**
     * The task's promise, made on the first {@link #promise()} call: a task spawned and never awaited
     * (a connection handler, say) carries none. Set once, by CAS.
     */
    private volatile Promise<T> promise;
    /**
     * The task's final outcome once decided, by its end or by close() abandoning it: the value
     * ({@link #NULL_VALUE} for null) or a {@link Failed}; null while undecided. Set once, by CAS; the
     * promise settles from it, whichever of the two comes second (see {@link #decide}).
     */
    private volatile Object outcome;

    private volatile int runState = SCHEDULED;
    /**
     * The token of the current wait's wake-up: the {@link WakeOnSettle} node an await registered on its
     * promise, or a synchronization primitive's reusable token ({@link #armToken}); null when none may
     * wake the task.
     */
    private volatile Object armed;
    private volatile int cancel = ACTIVE;

    // for dumps and async stack traces (see CoroutineDump, AsyncTraces)
    /**
     * The thread running the task now, or null. Written with release stores (no fence per run: only
     * dumps read it, and they take a racing read into account), read as volatile.
     */
    private volatile Thread runner;
    /**
     * Counts the runs, so a dump can tell that the task did not run while it read its frames. Plain:
     * incremented right before the release store of {@link #runner}, which publishes it.
     */
    private int runs;

    /** Links of the scheduler's {@link UnfinishedTasks} list; guarded by that list's monitor. */
    CoroutineTask<?> previousUnfinished, nextUnfinished;

    // structured concurrency, join, task-locals, the resume hook
    /**
     * What few tasks need ({@link Extras}): made at spawn for a scope's child, else on first need (a join,
     * a resume hook that threw, a failure that woke the task). Set once, by CAS, so it costs a task that
     * needs none one reference.
     */
    private volatile Extras extras;
    /** Guarded by the monitor of its scope's {@link ScopeState}: the scope has heard of the task's end (see {@link StructuredScope}). */
    boolean endedInScope;

    /**
     * The {@link TaskLocal} bindings the task sees: set before the task is queued (a snapshot of its
     * spawner's), then read and written only by the thread running the task (TaskLocal.with); a
     * {@link TaskLocal#get(Task)} from elsewhere reads a racy but whole snapshot (the bindings are immutable).
     */
    TaskLocal.Bindings locals;

    // touched only by the thread running the task (hand-offs go through the scheduler's queues)
    private boolean started;
    private TimeoutScope scopes;
    /** What the body returned ({@link #NULL_VALUE} for null) or threw (a {@link Failed}); null before. */
    private Object bodyResult;

    CoroutineTask(AbstractScheduler scheduler, long id, SuspendableCallable<T> body) {
        this(scheduler, id, body, null);
    }

    CoroutineTask(AbstractScheduler scheduler, long id, SuspendableCallable<T> body, StructuredScope childOf) {
        this.scheduler = scheduler;
        this.id = id;
        this.body = body;
        this.extras = childOf == null ? null : new Extras(childOf); // published with the task by its queue
    }

    /** The task's {@link Extras}, made if it has none (any thread). */
    private Extras extras() {
        Extras x = extras;
        if (x != null) {
            return x;
        }
        Extras made = new Extras(null);
        Extras witness = (Extras) EXTRAS.compareAndExchange(this, null, made);
        return witness != null ? witness : made;
    }

    /** The scope this task is a child of, or null. */
    private StructuredScope childOf() {
        Extras x = extras;
        return x == null ? null : x.childOf;
    }

    /** The task whose coroutine runs on this thread, or {@code null}. */
    static CoroutineTask<?> current() {
        Coroutine running = WovenCalls.currentStore();
        return running instanceof CoroutineTask ? (CoroutineTask<?>) running : null;
    }

    /** "{scheduler}-task-{id}", made when asked for: a suspended task should not carry a string. */
    String name() {
        return scheduler.name() + "-task-" + id;
    }

    /** The task's number in its scheduler, in spawn order. */
    long id() {
        return id;
    }

    AbstractScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void checkResumableByHandle() {
        throw new IllegalStateException("the continuation of " + name() + " is resumed by its scheduler, not by "
                + "Continuation.resume(); to wake the task, complete the promise it awaits");
    }

    /** What the task's failed suspensions throw (the runtime cannot make the public error itself). */
    @Override
    protected SuspensionError newSuspensionError(String message) {
        return new SuspensionError(message);
    }

    /**
     * Calls the body, and keeps what it returned or threw. Not woven (no {@code @Suspendable}): it only
     * forwards ({@link ForwardingCoroutine}), so the body's own method is the coroutine's root frame and a
     * suspension saves no frame for this one. While the coroutine unwinds, the call returns a dummy,
     * which is not a result.
     */
    @Override
    protected void runBody() {
        try {
            T result = body.call();
            if (isUnwinding()) {
                return;
            }
            bodyResult = result == null ? NULL_VALUE : result;
        } catch (Throwable t) {
            bodyResult = new Failed(t);
        }
    }

    @Override
    protected Object forwardedBody() {
        return body;
    }

    @Override
    protected int forwardedCallSite() {
        return CALLS_BODY;
    }

    // ---------------------------------------------------------------- running

    /** Runs the task until it suspends or ends; called by the scheduler for each dispatch. */
    @Override
    public void run() {
        if (!TaskState.start(RUN_STATE, this)) {
            if (runState != DONE) { // DONE: abandoned by close()
                scheduler.counters.doubleRuns.increment();
            }
            return;
        }
        if (!started) {
            started = true;
            if (cancel == CANCELLED) {
                finish(); // cancelled before it ever ran: the body never starts
                return;
            }
        }
        scheduler.counters.resumes.increment();
        Extras x = extras;
        Throwable failure = x == null ? null : x.wokenByFailure;
        if (failure != null) {
            x.wokenByFailure = null;
            AsyncTraces.attach(failure, "task " + name(), this); // suspended still: its frames are stable
        }
        RunSlot slot = scheduler.watched() ? scheduler.slotOf(Thread.currentThread()) : null;
        if (slot != null) {
            slot.enter(this);
        }
        runs++;
        ResumeHook hook = scheduler.settings.resumeHook();
        Object saved = null;
        boolean entered = false;
        if (hook != null) {
            try {
                saved = hook.enter(this);
                entered = true;
            } catch (Throwable t) {
                enterFailed(t);
            }
        }
        RUNNER.setRelease(this, Thread.currentThread());
        try {
            resume();
        } catch (Throwable t) {
            if (t instanceof SuspensionError) {
                // a failed suspension ends the task even when the body caught it and went on (Coroutine)
                if (bodyResult instanceof Failed && ((Failed) bodyResult).error != t) {
                    t.addSuppressed(((Failed) bodyResult).error);
                }
                bodyResult = new Failed(t);
            } else if (!(bodyResult instanceof Failed)) {
                bodyResult = new Failed(t); // the continuation machinery failed; the continuation has ended
            }
        } finally {
            RUNNER.setRelease(this, null);
            if (slot != null) {
                slot.exit();
            }
        }
        if (entered) {
            try {
                hook.exit(this, saved);
            } catch (Throwable t) {
                reportHookFailure(t); // the task's own code ran as it should: only the thread's state may be off
            }
        }
        if (isFinished()) {
            finish();
        } else {
            suspended();
        }
    }

    /**
     * A {@link ResumeHook#enter} threw: the task is cancelled (the cancellation carries the hook's exception
     * as its cause) and runs on without the hook, so its finally blocks run; the exception also goes to the
     * thread's uncaught-exception handler, since nobody may ever look at a cancelled task's promise.
     */
    private void enterFailed(Throwable t) {
        // no wake-up needed: this thread resumes the task now, and its await checks for a stop as it resumes
        if (TaskState.cancel(CANCEL_STATE, this)) {
            extras().hookFailure = t; // read only by runners, ordered by the run state's CASes
        }
        reportHookFailure(t);
    }

    private static void reportHookFailure(Throwable t) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, t);
    }

    private void suspended() {
        if (TaskState.suspended(RUN_STATE, this) == TaskState.AfterRun.REQUEUE) {
            scheduler.dispatch(this);
        }
    }

    private void finish() {
        Object result = bodyResult;
        bodyResult = null;
        Throwable thrown = result instanceof Failed ? ((Failed) result).error : null;
        Object decided = TaskState.bodyFinished(CANCEL_STATE, this)
                ? (result == null ? NULL_VALUE : result) // null: cancelled before the body ever ran
                : new Failed(cancellation(thrown));
        // decided before DONE, so a promise asked for once isDone() is true comes settled; settled after
        // DONE, so whoever the promise wakes sees the task done
        boolean won = OUTCOME.compareAndSet(this, null, decided);
        StructuredScope childOf = childOf();
        if (won && (childOf == null || childOf.supervisor)) {
            trackIfUnobserved(decided); // a child of a plain scope fails into its scope, which throws the failure
        }
        TaskState.finished(RUN_STATE, this);
        if (won) {
            settleIfMade(decided);
        }
        signalEnded();
        if (childOf != null) {
            childOf.childEnded(this, decided instanceof Failed ? ((Failed) decided).error : null);
        }
        scheduler.taskFinished(this);
    }

    /**
     * A failure (not a cancellation) whose promise nobody has asked for yet goes to the scheduler's
     * {@link UnobservedFailures}, which reports it unless someone asks before the task is unreachable or
     * the scheduler closes. Pairs with {@link #promise()}: here the outcome is written, then the promise
     * read; there the promise is written, then the outcome read (all volatile). So if the first read
     * below finds no promise, promise() will see the outcome; and if the second read finds none
     * either, promise() comes after the write of {@link Failed#report} and tells the report itself.
     * Abandoned tasks (close) end cancelled, and a cancellation is no failure to report.
     */
    private void trackIfUnobserved(Object decided) {
        if (!(decided instanceof Failed) || ((Failed) decided).error instanceof CancellationException
                || promise != null) {
            return;
        }
        Failed failed = (Failed) decided;
        UnobservedFailures.Report report = scheduler.unobservedFailures.track(this, name(), failed.error);
        failed.report = report;
        if (promise != null) {
            report.observed(); // asked for meanwhile; promise() may have read the report field before it was set
        }
    }

    /** Decides the outcome, once: the first caller (the task's end, or close() abandoning it) wins. */
    private void decide(Object decided) {
        if (OUTCOME.compareAndSet(this, null, decided)) {
            settleIfMade(decided);
        }
    }

    /**
     * Settles the promise with the decided outcome if it was made; if it is made later, {@link #promise()}
     * settles it. Both sides write their field, then read the other's (volatile), so at least one of
     * them settles it.
     */
    private void settleIfMade(Object decided) {
        Promise<T> p = promise;
        if (p != null) {
            settle(p, decided);
        }
    }

    /**
     * After the run state became DONE: wakes the joiners. Pairs with {@link #join}: here DONE is written,
     * then {@link #extras} and its {@link Extras#ended} read; there both are written, then the run state
     * read (all volatile), so at least one side completes the promise (a second completion does nothing).
     */
    private void signalEnded() {
        Extras x = extras;
        Promise<Void> e = x == null ? null : x.ended;
        if (e != null) {
            e.complete(null);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void settle(Promise<T> p, Object decided) {
        if (decided instanceof Failed) {
            p.fail(((Failed) decided).error);
        } else {
            p.complete(decided == NULL_VALUE ? null : (T) decided);
        }
    }

    private CancellationException cancellation(Throwable thrown) {
        if (thrown instanceof CancellationException) {
            return (CancellationException) thrown;
        }
        CancellationException e = cancelledException();
        if (thrown != null && e.getCause() == null) {
            e.initCause(thrown);
        }
        return e;
    }

    /** Wakes the task: queues it unless it is queued, notified or done (see the class comment). */
    void wake() {
        if (TaskState.wake(RUN_STATE, this) == TaskState.Wake.DISPATCH) {
            scheduler.dispatch(this);
        }
    }

    /** Wakes the task if {@code token} is still armed (the await it belongs to still waits). */
    void wakeIfArmed(WakeOnSettle token) {
        if (ARMED.compareAndSet(this, token, null)) {
            wake();
        }
    }

    /**
     * Like {@link #wakeIfArmed}, for a promise that failed: the task's await will throw {@code failure},
     * so before it resumes, the task adds its logical stack to it (see {@link AsyncTraces}).
     */
    void wakeIfArmed(WakeOnSettle token, Throwable failure) {
        if (ARMED.compareAndSet(this, token, null)) {
            if (AsyncTraces.ENABLED) {
                extras().wokenByFailure = failure; // before the wake-up publishes it to the runner
            }
            wake();
        }
    }

    /** After a stop request: wakes the task if it waits in an await, so that await can throw. */
    void wakeForStop() {
        Object token = armed;
        if (token != null && ARMED.compareAndSet(this, token, null)) {
            wake();
        }
    }

    /**
     * Fails the promise of a task that close() gives up on. Its code is not resumed again; if it is
     * running right now, it finishes its current run first.
     */
    void abandon(String reason) {
        TaskState.cancel(CANCEL_STATE, this);
        boolean neverRunsAgain = TaskState.abandon(RUN_STATE, this); // false: running (finish() comes) or done already
        decide(new Failed(new CancellationException(name() + " abandoned: " + reason)));
        if (neverRunsAgain) {
            signalEnded();
            StructuredScope childOf = childOf();
            if (childOf != null) {
                childOf.childEnded(this, null);
            }
        }
    }

    // ---------------------------------------------------------------- Task

    @Override
    public Promise<T> promise() {
        Promise<T> p = promise;
        if (p != null) {
            return p;
        }
        Promise<T> made = Promise.create();
        @SuppressWarnings("unchecked")
        Promise<T> witness = (Promise<T>) PROMISE.compareAndExchange(this, null, made);
        if (witness != null) {
            return witness;
        }
        Object decided = outcome;
        if (decided != null) {
            settle(made, decided); // the task ended before anyone asked
            UnobservedFailures.Report report = decided instanceof Failed ? ((Failed) decided).report : null;
            if (report != null) {
                report.observed(); // its failure is observed now: never report it
            }
        }
        // the caller holds this task until here: the cleaner cannot find it unreachable, and report the
        // failure, before the report above was told
        Reference.reachabilityFence(this);
        return made;
    }

    /**
     * Suspends until the task is DONE (so {@link #isDone()} is true when it returns), without observing
     * its failure: a failure nobody else observes is still reported (see {@link UnobservedFailureHandler}).
     * See {@link #signalEnded} for the handshake with the task's end.
     */
    @Override
    @Suspendable
    public void join() {
        Extras x = extras();
        Promise<Void> e = x.ended;
        if (e == null) {
            Promise<Void> made = Promise.create();
            @SuppressWarnings("unchecked")
            Promise<Void> witness = (Promise<Void>) Extras.ENDED.compareAndExchange(x, null, made);
            e = witness != null ? witness : made;
            if (runState == DONE) {
                e.complete(null);
            }
        }
        io.jcoro.Async.await(e);
    }

    /** The promise if someone asked for it, else null (a dump must not make one per task). */
    Promise<T> promiseIfMade() {
        return promise;
    }

    @Override
    public boolean cancel() {
        if (!TaskState.cancel(CANCEL_STATE, this)) {
            return false;
        }
        wakeForStop();
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancel == CANCELLED;
    }

    /**
     * The outcome, not the run state: the outcome is decided before the task becomes DONE, and the
     * promise may be settled from it in between (by a {@link #promise()} made then), so whoever saw the
     * promise settled must see the task done.
     */
    @Override
    public boolean isDone() {
        return outcome != null;
    }

    @Override
    public String toString() {
        return "Task[" + name() + "]";
    }

    // ---------------------------------------------------------------- dumps (any thread)

    /** What a dump read of a task: the info without what it awaits, and the promise it awaits (or null). */
    record Observation(CoroutineInfo info, Object awaited) {}

    /**
     * What a dump shows of this task, or null when it has finished. A suspended task's frames are
     * read without disturbing it; if the task ran meanwhile, it is shown as running without a stack.
     * The promise it awaits is returned as it is: the dump names it only after reading every task
     * (see {@link CoroutineDump#snapshot}).
     */
    Observation snapshot() {
        Thread thread = runner;
        int runsBefore = runs;
        int s = runState;
        boolean stopped = cancel == CANCELLED;
        CoroutineTask<?> parentTask = parent();
        String parent = parentTask == null ? null : parentTask.name();
        if (s == DONE) {
            return null;
        }
        if (s == RUNNING || s == NOTIFIED) {
            return new Observation(new CoroutineInfo(name(), CoroutineInfo.State.RUNNING, stopped, null,
                    thread == null ? null : thread.getName(), thread == null ? List.of() : runningStack(thread), parent), null);
        }
        if (!started) {
            return new Observation(new CoroutineInfo(name(), CoroutineInfo.State.NOT_STARTED, stopped, null, null,
                    List.of(), parent), null);
        }
        Object token = armed;
        Object waitingFor = token instanceof WakeOnSettle ? ((WakeOnSettle) token).awaited : null;
        List<StackTraceElement> stack = logicalStack();
        if (runner != null || runs != runsBefore || runState == RUNNING || runState == NOTIFIED) {
            return new Observation(new CoroutineInfo(name(), CoroutineInfo.State.RUNNING, stopped, null, null,
                    List.of(), parent), null);
        }
        return new Observation(new CoroutineInfo(name(), s == IDLE ? CoroutineInfo.State.SUSPENDED
                : CoroutineInfo.State.QUEUED, stopped, null, null, stack, parent), s == IDLE ? waitingFor : null);
    }

    /** The running thread's stack above the coroutine machinery (the frames of the task's own code). */
    private static List<StackTraceElement> runningStack(Thread thread) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement e : thread.getStackTrace()) {
            if (e.getClassName().equals(Coroutine.class.getName()) && e.getMethodName().equals("resume")) {
                return frames;
            }
            if (!e.getClassName().startsWith("io.jcoro.internal.")) {
                frames.add(e);
            }
        }
        return List.of(); // the thread left the task while we looked
    }

    // ---------------------------------------------------------------- Waiter (called on the task's thread)

    @Override
    public boolean stopRequested() {
        if (scopes instanceof Shield) {
            return false;
        }
        if (cancel == CANCELLED) {
            return true;
        }
        for (TimeoutScope s = scopes; s != null; s = s.parent) {
            if (s.expired) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RuntimeException stopException() {
        if (cancel == CANCELLED) {
            return cancelledException();
        }
        TimeoutScope outermost = null;
        for (TimeoutScope s = scopes; s != null; s = s.parent) {
            if (s.expired) {
                outermost = s;
            }
        }
        return new CancellationException(name() + ": " + (outermost == null ? "stopped" : outermost.stopReason()));
    }

    private CancellationException cancelledException() {
        Extras x = extras;
        Throwable hook = x == null ? null : x.hookFailure;
        CancellationException e = new CancellationException(name() + " was cancelled"
                + (hook == null ? "" : ", since its resume hook threw " + hook));
        if (hook != null) {
            e.initCause(hook);
        }
        return e;
    }

    @Override
    public PromiseListener arm(Object awaited) {
        WakeOnSettle token = new WakeOnSettle(this, awaited);
        armed = token;
        return token;
    }

    @Override
    public void armToken(Object token) {
        armed = token; // no promise: a dump names no task it waits for
    }

    @Override
    public boolean disarm(Object token) {
        return ARMED.compareAndSet(this, token, null);
    }

    @Override
    public void wakeDisarmed() {
        wake();
    }

    @Override
    public void spuriousResume() {
        scheduler.counters.spuriousResumes.increment();
    }

    // ---------------------------------------------------------------- yield and timeouts

    /** Re-queues the running task at the back of its scheduler's queue once it suspends. */
    void wakeSelf() {
        wake();
    }

    TimeoutScope openScope(Duration timeout) {
        scopes = new TimeoutScope(this, scopes, timeout);
        return scopes;
    }

    /** Opens a {@link Coroutines#scope} (or supervisor scope) in the running task; close it with closeScope. */
    StructuredScope openStructuredScope(boolean supervisor) {
        StructuredScope s = new StructuredScope(this, scopes, supervisor);
        scopes = s;
        return s;
    }

    /** The innermost open {@link Coroutines#scope} of the running task, or null: where spawns go. */
    StructuredScope structuredScope() {
        for (TimeoutScope s = scopes; s != null; s = s.parent) {
            if (s instanceof StructuredScope) {
                return (StructuredScope) s;
            }
        }
        return null;
    }

    /**
     * Until the returned scope is closed ({@link #closeScope}), the running task ignores stop requests
     * (its cancellation, expired timeouts, stopped scopes): a scope waits so for its cancelled children.
     * Nothing opens a scope inside a shield, so the shield is the innermost scope while it lasts.
     */
    TimeoutScope shield() {
        scopes = new Shield(this, scopes);
        return scopes;
    }

    /** The task whose scope this task is a child of, or null. Any thread (a dump): final fields. */
    CoroutineTask<?> parent() {
        StructuredScope childOf = childOf();
        return childOf == null ? null : childOf.owner;
    }

    void closeScope(TimeoutScope scope) {
        scopes = scope.parent;
        scope.task = null;
    }

    /**
     * One {@code withTimeout} in progress; scopes nest. Also the base of {@link StructuredScope}, which
     * stops the code inside it the same way when a child fails.
     */
    static class TimeoutScope implements Runnable {
        /**
         * Null once the scope closed: its timer, cancelled, may stay in the event loop's heap until its
         * deadline, and must not keep the task reachable (an unobserved failure is reported when it is not).
         */
        private volatile CoroutineTask<?> task;
        final TimeoutScope parent;
        final Duration timeout;
        volatile boolean expired;

        TimeoutScope(CoroutineTask<?> task, TimeoutScope parent, Duration timeout) {
            this.task = task;
            this.parent = parent;
            this.timeout = timeout;
        }

        /** Why the code in this scope was stopped, for the CancellationException's message. */
        String stopReason() {
            return "withTimeout(" + timeout.toMillis() + " ms) ran out";
        }

        /** The timer's action: marks the scope expired and wakes the task if it waits. */
        @Override
        public void run() {
            expired = true;
            CoroutineTask<?> t = task;
            if (t != null) {
                t.wakeForStop();
            }
        }
    }

    /** See {@link #shield}: never expires, and hides the stops of the scopes around it. */
    private static final class Shield extends TimeoutScope {
        Shield(CoroutineTask<?> task, TimeoutScope parent) {
            super(task, parent, null);
        }

        @Override
        String stopReason() {
            throw new IllegalStateException("a shield never stops its task");
        }
    }

    /**
     * What few tasks need, kept out of the task object, which every suspended task pays for: the scope a
     * child belongs to (final), the promise {@link #join} waits on, the cause of a cancellation that a
     * {@link ResumeHook} made.
     */
    private static final class Extras {
        static final VarHandle ENDED;

        static {
            try {
                ENDED = MethodHandles.lookup().findVarHandle(Extras.class, "ended", Promise.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The {@link Coroutines#scope} the task is a child of; null for a task spawned outside any scope. */
        final StructuredScope childOf;
        /**
         * Completes (with null) once the task is DONE, for {@link #join}: made on the first join, set once
         * by CAS. A promise of its own, since asking for {@link #promise} would observe the task's failure.
         */
        volatile Promise<Void> ended;
        /** A {@link ResumeHook#enter} that threw and so cancelled the task. Written and read by runners only. */
        Throwable hookFailure;
        /**
         * A failure that woke the task: its logical stack is attached to it before the task resumes. Written
         * by the waker before its wake-up queues the task, read and cleared by the next run.
         */
        volatile Throwable wokenByFailure;

        Extras(StructuredScope childOf) {
            this.childOf = childOf;
        }
    }

    /**
     * The one-shot wake-up an await registers on its promise, and the arming's token: the node's
     * identity tells a wake-up for the current await from a late one for an earlier await.
     */
    private static final class WakeOnSettle extends PromiseListener {
        private final CoroutineTask<?> task;
        /** The promise the await waits for, for dumps (it fits in the node's padding: no byte more). */
        final Object awaited;

        WakeOnSettle(CoroutineTask<?> task, Object awaited) {
            this.task = task;
            this.awaited = awaited;
        }

        @Override
        public void settled(Object value, Throwable error) {
            if (error == null) {
                task.wakeIfArmed(this);
            } else {
                task.wakeIfArmed(this, error);
            }
        }

        /**
         * Once its arming was consumed (a wake-up, a stop, a disarm), running the node does nothing:
         * {@link #armed} only ever moves to null or to a new node, so it never points here again.
         */
        @Override
        public boolean withdrawn() {
            return task.armed != this;
        }
    }

    /** A failure as an outcome, to tell it from a value. */
    private static final class Failed {
        final Throwable error;
        /** Set once, by the task's end, when nobody had asked for the promise (see {@link #trackIfUnobserved}). */
        volatile UnobservedFailures.Report report;

        Failed(Throwable error) {
            this.error = error;
        }
    }
}
