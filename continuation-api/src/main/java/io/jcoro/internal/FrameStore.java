package io.jcoro.internal;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The saved frames of one continuation, and its life-cycle state: the coroutine itself, of which a
 * {@link Continuation} is the public handle.
 *
 * <p>Two kinds: a {@link BodyStore} runs the body of a {@code new Continuation(body)}; a scheduler's
 * task extends this class itself, so a spawned coroutine is one object (task, continuation state and
 * frame arrays' owner) rather than four (task, continuation, store, body adapter). Such a store gets a
 * {@code Continuation} handle only when one is asked for ({@link #continuation()}).
 *
 * <p>Layout: two stacks that grow and are reused, never shrunk per suspension (they start empty, and
 * the first suspension's size is kept exactly, see {@link #fitArraysOnce}). Primitives go into
 * {@link #prims} (a {@code long} each; ints, floats and doubles by their raw bits, so nothing is
 * boxed), references into {@link #refs}. A suspension saves frames innermost first: each frame pushes
 * the operand stack below the call (top first), then its live locals, then a header: a {@code long}
 * {@code (methodId << 32) | resumePoint}, the method's id from {@link MethodRegistry#idOf} (an int, so a
 * frame stores no reference of its own: reference stores cost GC barriers). A resume pops them in the
 * opposite order, outermost frame first, which is what the re-entered methods need: the outermost
 * method runs first and jumps to its call, which re-enters the next method, and so on down to the
 * {@code suspend()} call, which then returns. Popped reference slots are cleared, so a suspended
 * coroutine keeps only what its frames still use.
 *
 * <p>State machine (all transitions on the thread running the continuation):
 * NEW → RUNNING (resume) → SUSPENDING (suspend) → SUSPENDED (frames saved, resume returns) →
 * RESTORING (resume) → RUNNING (the suspend call returns) … → DONE (body returned or threw).
 * While SUSPENDING or RESTORING the continuation counts in {@link Frames#unwinding} or
 * {@link Frames#unwindingShared}, as the thread running it counts (see {@link #ownerRuns}).
 */
public abstract class FrameStore {
    private static final long[] NO_PRIMS = {};
    private static final Object[] NO_REFS = {};
    /** The first size of a frame array: one grows by doubling while a suspension saves more. */
    private static final int FIRST_CAPACITY = 4;
    static final int NEW = 0, RUNNING = 1, SUSPENDING = 2, SUSPENDED = 3, RESTORING = 4, DONE = 5;
    private static final String[] STATE_NAMES = {"new", "running", "suspending", "suspended", "restoring", "done"};

    private static final VarHandle CONTINUATION;
    /** Makes the public handle of a store; set by {@code Continuation}'s static initializer. */
    private static volatile Function<FrameStore, Continuation> handleFactory;

    static {
        try {
            CONTINUATION = MethodHandles.lookup().findVarHandle(FrameStore.class, "continuation", Continuation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The public handle: set at construction for a {@code new Continuation}, made on demand for a task. */
    private volatile Continuation continuation;
    private int state = NEW;
    private long[] prims = NO_PRIMS;
    private int primTop;
    private Object[] refs = NO_REFS;
    private int refTop;
    /** Whether the arrays have been cut to the size of a whole suspension (see {@link #fitArraysOnce}). */
    private boolean arraysFitted;
    /** Name-and-descriptor hash of the frame saved last in this suspension (see {@link #capture}). */
    private int lastSavedHash;
    /**
     * Whether the thread running this continuation is the owner thread, which counts its unwinding in
     * {@link Frames#unwinding} (set at each resume; a flag, not the carrier: a field less per task).
     */
    private boolean ownerRuns;
    /** The innermost suspension point verified last by {@link ChainCheck}. */
    private String lastVerifiedSite;
    /** The id of the body's root frame's method once {@link ChainCheck} learnt it (0 until then). */
    private int rootId;

    protected FrameStore() {}

    /** Internal: called once by {@code Continuation}'s static initializer. */
    public static void setHandleFactory(Function<FrameStore, Continuation> factory) {
        handleFactory = factory;
    }

    /**
     * The coroutine's code: the root frame of every suspension. Called by {@link #resume()} on the
     * first resume and again on every later one, where the agent's restore code re-enters the saved
     * frames. An override must be instrumented (a {@link BodyStore} is exempt: it only forwards).
     */
    @Suspendable
    protected abstract void runBody();

    /**
     * The class whose root frame {@link ChainCheck} learns once per class: the store's own class, or
     * for a {@link BodyStore} its body's class (each lambda has its own root method).
     */
    protected Class<?> rootClass() {
        return getClass();
    }

    /** The public handle of this coroutine; made on first request for a store that has none yet. */
    public final Continuation continuation() {
        Continuation c = continuation;
        if (c != null) {
            return c;
        }
        Function<FrameStore, Continuation> factory = handleFactory;
        if (factory == null) {
            initializeContinuationClass();
            factory = handleFactory;
        }
        Continuation made = factory.apply(this);
        return CONTINUATION.compareAndSet(this, null, made) ? made : continuation;
    }

    /** For {@code Continuation}'s constructor: the handle of a store it made. */
    public final void setContinuation(Continuation handle) {
        if (!CONTINUATION.compareAndSet(this, null, handle)) {
            throw new IllegalStateException("the frame store has a continuation already");
        }
    }

    private static void initializeContinuationClass() {
        try {
            Class.forName(Continuation.class.getName(), true, FrameStore.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e); // cannot happen: the class is in this module
        }
    }

    /**
     * Called by {@code Continuation.resume()}: a store that something else resumes (a scheduler's task)
     * throws here, so a handle obtained with {@code Continuation.current()} cannot run it behind its
     * owner's back.
     */
    public void checkResumableByHandle() {}

    /** Whether the body has finished, normally or by an exception. */
    public final boolean isFinished() {
        return state == DONE;
    }

    /** The number of saved frames (walked from the top; not kept, so suspending does not count them). */
    public final int frameCount() {
        return SavedFrame.read(prims, primTop, refs, refTop).size();
    }

    /** Whether a frame is saved: each one ends with its header on {@code prims}. */
    private boolean hasFrames() {
        return primTop != 0;
    }

    public final String stateName() {
        return STATE_NAMES[state];
    }

    /**
     * The saved frames, outermost first, read without changing anything; empty unless the
     * continuation is suspended. Safe to call from another thread (for a dump): a resume that races
     * with the read may cut the list short, never throws.
     */
    public final List<SavedFrame> savedFrames() {
        if (state != SUSPENDED) {
            return List.of();
        }
        return SavedFrame.read(prims, primTop, refs, refTop);
    }

    // ---------------------------------------------------------------- life cycle

    public final void resume() {
        if (state == DONE) {
            throw new IllegalStateException("the continuation is done");
        }
        if (state != NEW && state != SUSPENDED) {
            throw new IllegalStateException("the continuation is running already");
        }
        Frames.Carrier carrier = Frames.carrier();
        carrier.claimOwnershipOnce();
        ownerRuns = carrier.owner;
        FrameStore previous = carrier.current;
        carrier.current = this;
        try {
            if (state == SUSPENDED) {
                state = RESTORING;
                Frames.addUnwinding(ownerRuns, 1);
            } else {
                state = RUNNING;
            }
            runBody();
        } catch (Throwable t) {
            end();
            throw t;
        } finally {
            carrier.current = previous;
        }
        afterBodyReturned();
    }

    private void afterBodyReturned() {
        switch (state) {
            case RUNNING:
                state = DONE;
                return;
            case SUSPENDING:
                if (!hasFrames()) {
                    end();
                    throw new IllegalStateException("the coroutine suspended, but no frame saved its state: "
                            + "the method that called Continuation.suspend() or a @Suspendable method is not "
                            + "instrumented (is it @Suspendable, and is the jcoro agent installed? A method reference "
                            + "to Continuation::suspend itself as the body is not supported: use a lambda)");
                }
                if (rootId == 0) {
                    String rootKey = ChainCheck.rootKey(rootClass());
                    rootId = rootKey == null ? 0 : MethodRegistry.idOf(rootKey);
                }
                if (rootId != 0 && topMethodId() != rootId) {
                    String root = MethodRegistry.keyOf(rootId);
                    String last = topMethodKey();
                    end();
                    throw new IllegalStateException("the coroutine's body returned while suspending, but the frame "
                            + "saved last was " + last + ", not the body's " + root + ": a method between them is not "
                            + "instrumented and went on running after the suspension (a JDK method calling back "
                            + "into suspendable code, reflection or a method handle?)");
                }
                state = SUSPENDED;
                Frames.addUnwinding(ownerRuns, -1);
                fitArraysOnce();
                if (Frames.CHECK_FRAMES) {
                    checkFrames();
                }
                return;
            case RESTORING:
                String top = hasFrames() ? topMethodKey() : "none";
                end();
                throw new IllegalStateException("the continuation's body returned without restoring its saved "
                        + "frames (next saved frame: " + top + "); the body is not the instrumented method that "
                        + "suspended");
            default:
                throw new IllegalStateException("unexpected state " + stateName());
        }
    }

    /**
     * After the first suspension, cuts the arrays to what it saved: a coroutine mostly suspends at the
     * same depth again, so a million suspended tasks should not each carry the slack of doubling. Once
     * only, so a coroutine that alternates between depths does not reallocate per suspension; later
     * growth doubles as usual.
     */
    private void fitArraysOnce() {
        if (arraysFitted) {
            return;
        }
        arraysFitted = true;
        if (prims.length != primTop) {
            prims = primTop == 0 ? NO_PRIMS : Arrays.copyOf(prims, primTop);
        }
        if (refs.length != refTop) {
            refs = refTop == 0 ? NO_REFS : Arrays.copyOf(refs, refTop);
        }
    }

    private static int grownCapacity(int length) {
        return length == 0 ? FIRST_CAPACITY : length * 2;
    }

    private void checkFrames() {
        String problem = SavedFrame.check(prims, primTop, refs, refTop);
        if (problem != null) {
            throw new IllegalStateException("jcoro frame check (" + Frames.CHECK_FRAMES_PROPERTY + "): " + problem);
        }
    }

    /** Ends the continuation: leaves the unwinding count and drops every saved frame. */
    private void end() {
        leaveUnwinding();
        clearFrames();
        state = DONE;
    }

    private void leaveUnwinding() {
        if (state == SUSPENDING || state == RESTORING) {
            Frames.addUnwinding(ownerRuns, -1);
        }
    }

    private void clearFrames() {
        Arrays.fill(refs, 0, refTop, null);
        refTop = 0;
        primTop = 0;
    }

    /**
     * Cancels the suspension or restore in progress so the continuation stays consistent, and returns
     * the error to throw at the place that found the problem; the coroutine goes on running (the
     * error propagates through its frames like any exception thrown by the suspending call).
     */
    private IllegalStateException cancelUnwinding(String message) {
        leaveUnwinding();
        clearFrames();
        state = RUNNING;
        return new IllegalStateException(message);
    }

    final void suspendHere() {
        switch (state) {
            case RUNNING:
                state = SUSPENDING;
                Frames.addUnwinding(ownerRuns, 1);
                lastSavedHash = Frames.SUSPEND_HASH;
                return;
            case RESTORING:
                if (hasFrames()) {
                    throw cancelUnwinding("resumed at Continuation.suspend() with " + frameCount()
                            + " saved frames not restored (next: " + topMethodKey() + ")");
                }
                state = RUNNING;
                Frames.addUnwinding(ownerRuns, -1);
                return;
            case SUSPENDING:
                throw cancelUnwinding("Continuation.suspend() called while the coroutine was already suspending: "
                        + Frames.callerOfInstrumentedMethod() + " went on running after a suspension, so it is "
                        + "not instrumented (is it @Suspendable?)");
            default:
                throw new IllegalStateException("Continuation.suspend() in state " + stateName());
        }
    }

    /** Small enough for the JIT to inline into every woven method's dispatch; the rest is cold. */
    final FrameStore enter(int methodId) {
        if (state == RESTORING && primTop != 0 && topMethodId() == methodId) {
            return this; // the header stays for popResumePoint

        }
        return enterSlow(methodId);
    }

    /** The method id in the header of the frame on top (valid while {@link #hasFrames()}). */
    private int topMethodId() {
        return (int) (prims[primTop - 1] >>> 32);
    }

    private String topMethodKey() {
        return MethodRegistry.keyOf(topMethodId());
    }

    private FrameStore enterSlow(int methodId) {
        String methodKey = MethodRegistry.keyOf(methodId);
        switch (state) {
            case RESTORING:
                throw cancelUnwinding("restoring " + (hasFrames() ? "saved frame " + topMethodKey()
                        : "no saved frame") + " but entered " + methodKey + ": the call chain changed between "
                        + "suspension and resume");
            case SUSPENDING:
                throw cancelUnwinding("entered the suspendable method " + methodKey + " while the coroutine was "
                        + "suspending: " + Frames.callerOfInstrumentedMethod() + " went on running after a "
                        + "suspendable call suspended, so its state would be lost; make that method @Suspendable");
            default:
                return null;
        }
    }

    /** Small enough for the JIT to inline into every woven method's capture block; the rest is cold. */
    final FrameStore capture(int calleeHash, boolean interfaceCall, String site) {
        if (state == SUSPENDING && (lastSavedHash == calleeHash || interfaceCall)
                && (primTop != 0 || site == lastVerifiedSite)) {
            return this;
        }
        return captureSlow(calleeHash, interfaceCall, site);
    }

    private FrameStore captureSlow(int calleeHash, boolean interfaceCall, String site) {
        if (state != SUSPENDING) {
            return null;
        }
        if (!hasFrames() && site != lastVerifiedSite) {
            verifyChain(site);
        }
        if (lastSavedHash != calleeHash && !interfaceCall) {
            String last = hasFrames() ? topMethodKey() : "Continuation.suspend()";
            throw cancelUnwinding("at " + site + ": the call returned while the coroutine was suspending, but the "
                    + "frame saved last was " + last + ", not the called method's: a method in between is not "
                    + "instrumented (not @Suspendable, a constructor, or a method the agent could not transform), "
                    + "so its state would be lost");
        }
        return this;
    }

    /** At the innermost frame of a suspension, while every frame of the chain is still on the stack. */
    private void verifyChain(String site) {
        Class<?> rootClass = rootClass();
        if (!ChainCheck.isVerified(site, rootClass)) {
            String unrewritten = ChainCheck.verify(site, rootClass);
            if (unrewritten != null) {
                throw cancelUnwinding(unrewritten + " (the suspension started at " + site + ")");
            }
        }
        lastVerifiedSite = site;
    }

    final void cannotSuspendHere(String site, String reason) {
        if (state == SUSPENDING) {
            throw cancelUnwinding("cannot suspend at " + site + ": " + reason);
        }
    }

    // ---------------------------------------------------------------- frame data, called by instrumented code

    /** Pops the header of the frame {@link #enter} accepted and returns its resume point. */
    public static int popResumePoint(FrameStore s) {
        return (int) s.prims[--s.primTop];
    }

    /** Closes the frame being saved: its header, after its values. */
    public static void pushFrame(int resumePoint, int nameDescHash, int methodId, FrameStore s) {
        pushLong(((long) methodId << 32) | (resumePoint & 0xFFFF_FFFFL), s);
        s.lastSavedHash = nameDescHash;
    }

    public static void pushInt(int v, FrameStore s) {
        pushLong(v, s);
    }

    public static void pushFloat(float v, FrameStore s) {
        pushLong(Float.floatToRawIntBits(v), s);
    }

    public static void pushDouble(double v, FrameStore s) {
        pushLong(Double.doubleToRawLongBits(v), s);
    }

    public static void pushLong(long v, FrameStore s) {
        long[] a = s.prims;
        int top = s.primTop;
        if (top == a.length) {
            a = s.prims = Arrays.copyOf(a, grownCapacity(top));
        }
        a[top] = v;
        s.primTop = top + 1;
    }

    public static void pushRef(Object v, FrameStore s) {
        Object[] a = s.refs;
        int top = s.refTop;
        if (top == a.length) {
            a = s.refs = Arrays.copyOf(a, grownCapacity(top));
        }
        a[top] = v;
        s.refTop = top + 1;
    }

    public static int popInt(FrameStore s) {
        return (int) s.prims[--s.primTop];
    }

    public static float popFloat(FrameStore s) {
        return Float.intBitsToFloat((int) s.prims[--s.primTop]);
    }

    public static double popDouble(FrameStore s) {
        return Double.longBitsToDouble(s.prims[--s.primTop]);
    }

    public static long popLong(FrameStore s) {
        return s.prims[--s.primTop];
    }

    public static Object popRef(FrameStore s) {
        Object[] a = s.refs;
        int top = --s.refTop;
        Object v = a[top];
        a[top] = null; // a suspended coroutine must not keep what its frames no longer hold
        return v;
    }
}
