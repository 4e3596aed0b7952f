package io.jcoro.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The entry points that instrumented bytecode calls, and the one field it reads on its fast path.
 *
 * <p>Every instrumented method starts with {@code if (Frames.unwinding != 0) ... Frames.enter(...)}
 * and follows every suspendable call with {@code if (Frames.unwinding != 0) ... Frames.capture(...)}.
 * {@link #unwinding} counts the continuations, on all threads, that are saving frames (suspending) or
 * restoring them right now. While it is zero, which is almost always, an instrumented method costs one
 * static field read per call. When it is not zero the slow path asks the thread's own continuation.
 *
 * <p>Memory ordering: {@link #unwinding} is a plain field updated atomically. A thread only changes it
 * for its own continuation (+1 when it starts suspending or restoring, -1 when that ends, always on
 * the same thread), and the only reads that matter for correctness are a thread's reads of its own
 * updates, which program order makes visible. Other threads' updates may be seen late or early; that
 * only sends a thread down the slow path needlessly, where {@link #CURRENT} gives the true answer.
 *
 * <p>This class is internal: its members are public only so that transformed code can reach them.
 */
public final class Frames {
    /** Continuations now suspending or restoring, on all threads; read directly by instrumented code. */
    public static int unwinding;

    /** The system property that turns on {@link #CHECK_FRAMES}. */
    public static final String CHECK_FRAMES_PROPERTY = "jcoro.debug.checkFrames";

    /**
     * Debugging: after every suspension, check that the saved frames can be read back from the top
     * with the transformer's per-resume-point counts (what dumps and logical stacks rely on); a
     * mismatch fails the resume. Off unless {@code -Djcoro.debug.checkFrames=true}.
     */
    static final boolean CHECK_FRAMES = Boolean.getBoolean(CHECK_FRAMES_PROPERTY);

    /** The name-and-descriptor hash that instrumented callers of {@code Continuation.suspend()} expect. */
    public static final int SUSPEND_HASH = "suspend()V".hashCode();

    private static final VarHandle UNWINDING;
    private static final ThreadLocal<FrameStore> CURRENT = new ThreadLocal<>();
    private static volatile boolean agentInstalled;

    static {
        try {
            UNWINDING = MethodHandles.lookup().findStaticVarHandle(Frames.class, "unwinding", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Frames() {}

    /** Called by the agent once its transformer is registered. */
    public static void markAgentInstalled() {
        agentInstalled = true;
    }

    public static boolean isAgentInstalled() {
        return agentInstalled;
    }

    static void addUnwinding(int delta) {
        UNWINDING.getAndAdd(delta);
    }

    public static FrameStore currentStore() {
        return CURRENT.get();
    }

    static FrameStore swapCurrent(FrameStore store) {
        FrameStore previous = CURRENT.get();
        CURRENT.set(store);
        return previous;
    }

    static void restoreCurrent(FrameStore previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** The body of {@code Continuation.suspend()}. */
    public static void suspend() {
        FrameStore store = CURRENT.get();
        if (store == null) {
            throw new IllegalStateException("Continuation.suspend() called outside of a continuation");
        }
        if (!agentInstalled) {
            throw new IllegalStateException(
                    "Continuation.suspend() needs the jcoro agent: run with -javaagent:jcoro-agent.jar");
        }
        store.suspendHere();
    }

    /**
     * Slow path at the entry of an instrumented method. Returns the store to restore from when this
     * thread's continuation is restoring (its top frame must belong to this method), {@code null}
     * otherwise. Entering an instrumented method while the thread's continuation is suspending means a
     * caller on the stack ignored a suspension: that fails here, naming the caller.
     */
    public static FrameStore enter(String methodKey) {
        FrameStore store = CURRENT.get();
        return store == null ? null : store.enter(methodKey);
    }

    /**
     * Slow path after a suspendable call returned. Returns the store to save the caller's frame into
     * when this thread's continuation is suspending, {@code null} otherwise.
     *
     * @param calleeHash hash of the callee's name and descriptor, to check that the frame saved last
     *     belongs to the method this call site called
     * @param interfaceCall whether the call went through an interface, where a stateless forwarder
     *     (a lambda proxy) may stand between the call and the method that saved its frame
     * @param site "owner.name(desc) line N", for the error message
     */
    public static FrameStore capture(int calleeHash, boolean interfaceCall, String site) {
        FrameStore store = CURRENT.get();
        return store == null ? null : store.capture(calleeHash, interfaceCall, site);
    }

    /**
     * Called after a suspendable call at a place where the frame cannot be saved: a constructor, a
     * static initializer, a method that is not suspendable, code holding a monitor, or a method the
     * agent failed to transform. Throws when the thread's continuation is suspending (the suspension
     * is cancelled so the continuation stays consistent); otherwise returns.
     */
    public static void cannotSuspendHere(String site, String reason) {
        FrameStore store = CURRENT.get();
        if (store != null) {
            store.cannotSuspendHere(site, reason);
        }
    }

    /** The error for a saved frame whose resume point its method does not have. */
    public static IllegalStateException corruptFrame(String methodKey) {
        return new IllegalStateException("saved frame of " + methodKey + " has a resume point the method does not "
                + "have: the class was changed between suspension and resume");
    }

    /** Describes the method that called the instrumented method now entering, for error messages. */
    static String callerOfInstrumentedMethod() {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance()
                .walk(s -> s.dropWhile(f -> f.getClassName().startsWith("io.jcoro.internal."))
                        .limit(2)
                        .collect(Collectors.toList()));
        if (frames.size() < 2) {
            return "an unknown caller";
        }
        StackWalker.StackFrame entered = frames.get(0);
        StackWalker.StackFrame caller = frames.get(1);
        return describe(caller) + " (which called " + describe(entered) + ")";
    }

    static String describe(StackWalker.StackFrame f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}
