package io.jcoro.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry points that instrumented bytecode calls, and the two fields it reads on its fast path.
 *
 * <p>Every instrumented method starts with
 * {@code if ((WovenCalls.unwinding | WovenCalls.unwindingShared) != 0) ... WovenCalls.enter(...)} and follows every
 * suspendable call with the same test before {@code WovenCalls.capture(...)}. Together the two fields
 * count the continuations, on all threads, that are saving frames (suspending) or restoring them right
 * now. While both are zero, which is almost always, an instrumented method costs two static field reads
 * per call (one cache line). When they are not, the slow path asks the thread's own continuation.
 *
 * <p>Why two fields. A thread only ever changes the count for the continuation it runs (+1 when it
 * starts suspending or restoring, -1 when that ends, on the same thread), and the only reads that
 * matter for correctness are a thread's reads of its own updates, which program order makes visible;
 * another thread's update seen late or early only sends a thread down the slow path needlessly, where
 * {@link #currentStore()} gives the true answer. Updates from several threads to one counter must be
 * atomic, and an atomic add costs several nanoseconds, four times per suspend-resume round trip. So
 * the first thread that runs a continuation becomes the <em>owner</em> and counts in
 * {@link #unwinding} with plain writes (no other thread writes it); every other thread counts in
 * {@link #unwindingShared} with atomic adds. A program whose coroutines run on one event loop thread
 * pays no atomic operation at all.
 *
 * <p>This class is internal: its members are public only so that transformed code can reach them.
 */
public final class WovenCalls {
    /** Continuations of the owner thread now suspending or restoring (plain writes, owner only). */
    public static int unwinding;
    /** Continuations of all other threads now suspending or restoring (atomic adds). */
    public static int unwindingShared;

    /** The system property that turns on {@link #CHECK_FRAMES}. */
    public static final String CHECK_FRAMES_PROPERTY = "jcoro.debug.checkFrames";

    /**
     * Debugging: at every suspension, walk the stack ({@link ChainCheck}) before any frame returns, and
     * after it check that the saved frames can be read back from the top with the transformer's
     * per-resume-point counts (what dumps and logical stacks rely on); a mismatch fails the resume. Off
     * unless {@code -Djcoro.debug.checkFrames=true}.
     */
    static final boolean CHECK_FRAMES = Boolean.getBoolean(CHECK_FRAMES_PROPERTY);

    /**
     * The method id that stands for {@code Continuation.suspend()} itself: the "frame saved last" when no
     * frame is saved yet, which is what the innermost woven caller's capture expects after that call.
     */
    public static final int SUSPEND_ID = MethodRegistry.idOf(WovenCalls.class.getClassLoader(), "io/jcoro/Continuation.suspend()V");

    private static final VarHandle UNWINDING_SHARED;
    private static final AtomicBoolean OWNER_CLAIMED = new AtomicBoolean();
    private static final ThreadLocal<Carrier> CARRIERS = ThreadLocal.withInitial(Carrier::new);
    /**
     * The carrier looked up last, by any thread: a one-entry cache in front of {@link #CARRIERS}, so
     * that a thread running continuation after continuation (an event loop) finds its carrier with a
     * field read instead of a thread-local lookup. Read and written without synchronization: a
     * carrier's {@code thread} is final, and only that thread ever reads or writes its {@code current}.
     */
    private static Carrier lastCarrier = CARRIERS.get();

    static {
        try {
            UNWINDING_SHARED = MethodHandles.lookup().findStaticVarHandle(WovenCalls.class, "unwindingShared", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WovenCalls() {}

    /** Whether the agent runs in this JVM ({@link AgentPresence}). */
    public static boolean isAgentInstalled() {
        return AgentPresence.isInstalled();
    }

    /** Counts a continuation in or out of the unwinding count of its thread: the owner's, or the shared one. */
    static void addUnwinding(boolean ownerThread, int delta) {
        if (ownerThread) {
            unwinding += delta;
        } else {
            UNWINDING_SHARED.getAndAdd(delta);
        }
    }

    /** A thread's slot for the store of the continuation it is running. */
    static final class Carrier {
        final Thread thread = Thread.currentThread();
        /**
         * Whether this thread counts in {@link #unwinding}: the first thread that runs a continuation
         * claims it (at its first mount, see {@link #claimOwnershipOnce}), not the first to look.
         */
        boolean owner;
        private boolean ownershipDecided;
        Coroutine current;

        /** Called on this carrier's own thread before it runs a continuation. */
        void claimOwnershipOnce() {
            if (!ownershipDecided) {
                ownershipDecided = true;
                owner = OWNER_CLAIMED.compareAndSet(false, true);
            }
        }
    }

    /** The calling thread's carrier. */
    static Carrier carrier() {
        Carrier c = lastCarrier;
        if (c.thread != Thread.currentThread()) {
            c = CARRIERS.get();
            lastCarrier = c;
        }
        return c;
    }

    public static Coroutine currentStore() {
        return carrier().current;
    }

    /** The body of {@code Continuation.suspend()}. */
    public static void suspend() {
        Coroutine store = carrier().current;
        if (store == null) {
            throw new IllegalStateException("Continuation.suspend() called outside of a continuation");
        }
        if (!AgentPresence.isInstalled() && !WovenClasses.any()) {
            throw new IllegalStateException(
                    "Continuation.suspend() needs woven code: run with -javaagent:jcoro-agent.jar, call "
                            + "io.jcoro.JCoro.install() first thing in main (with jcoro-agent.jar on the class path), "
                            + "name io.jcoro.agent.JcoroAgent as Launcher-Agent-Class in an executable jar's manifest, "
                            + "or weave the classes at build time (jcoro-maven-plugin, or java -jar jcoro-agent.jar weave)");
        }
        store.suspendHere();
    }

    /**
     * Slow path at the entry of an instrumented method. Returns the store to restore from when this
     * thread's continuation is restoring (its top frame must belong to this method), {@code null}
     * otherwise. Entering an instrumented method while the thread's continuation is suspending means a
     * caller on the stack ignored a suspension: that fails here, naming the caller.
     */
    public static Coroutine enter(int methodId) {
        Coroutine store = carrier().current;
        return store == null ? null : store.enter(methodId);
    }

    /**
     * Slow path after a static or special suspendable call returned. Returns the store to save the
     * caller's frame into when this thread's continuation is suspending, {@code null} otherwise.
     *
     * @param siteId the call's {@link SuspensionSites site}
     */
    public static Coroutine capture(int siteId) {
        Coroutine store = carrier().current;
        return store == null ? null : store.capture(siteId);
    }

    /**
     * Slow path after a virtual or interface suspendable call returned: as {@link #capture}, where the
     * method the call reached is the one {@code receiver}'s class selects.
     */
    public static Coroutine captureDispatched(Object receiver, int siteId) {
        Coroutine store = carrier().current;
        return store == null ? null : store.captureDispatched(receiver, siteId);
    }

    /**
     * Called after a suspendable call at a place where the frame cannot be saved: a constructor, a
     * static initializer, a method that is not suspendable, code holding a monitor, or a method the
     * agent failed to transform. Throws when the thread's continuation is suspending (the suspension
     * is cancelled so the continuation stays consistent); otherwise returns.
     */
    public static void cannotSuspendHere(String site, String reason) {
        Coroutine store = carrier().current;
        if (store != null) {
            store.cannotSuspendHere(site, reason);
        }
    }

    /** The error for a saved frame whose resume point its method does not have. */
    public static IllegalStateException corruptFrame(String methodKey) {
        return new IllegalStateException("saved frame of " + methodKey + " has a resume point the method does not "
                + "have: the class was changed between suspension and resume");
    }

    static String describe(StackWalker.StackFrame f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}
