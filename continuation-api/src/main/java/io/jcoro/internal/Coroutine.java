package io.jcoro.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The saved frames of one continuation, and its life-cycle state: the coroutine itself, of which a
 * {@code io.jcoro.Continuation} is the public handle (held here as an opaque object, so that this package
 * does not depend on the class that depends on it).
 *
 * <p>Two kinds: a {@link BodyCoroutine} runs the body of a {@code new Continuation(body)}; a scheduler's
 * task extends this class itself (through {@link ForwardingCoroutine}, like the first), so a spawned
 * coroutine is one object (task, continuation state and frame arrays' owner) rather than four (task,
 * continuation, store, body adapter). Such a store gets a {@code Continuation} handle only when one is
 * asked for ({@link #handle}).
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
 * While SUSPENDING or RESTORING the continuation counts in {@link WovenCalls#unwinding} or
 * {@link WovenCalls#unwindingShared}, as the thread running it counts (see {@link #ownerRuns}).
 *
 * <p>Checks (all on the suspension path; none on the fast path of code that does not suspend):
 * <ul>
 *   <li>after every suspendable call that returned while SUSPENDING, the frame saved last must belong to
 *       the method the call reached ({@link CalleeCheck}), else a frame in between went on running;
 *   <li>when the body returns while SUSPENDING, the frame saved last must belong to the method the
 *       root called ({@link #checkRoot});
 *   <li>at the entry of a woven method while RESTORING, the frame on top must be its own; while
 *       SUSPENDING, no woven method may be entered at all (its caller went on running);
 *   <li>a call that returns while RESTORING never led back to the saved frames;
 *   <li>the stack walk ({@link ChainCheck}) at the first suspension of a site for a body class, and on
 *       the resume after a suspension whose callee check could not decide.
 * </ul>
 * A check that fails cancels the suspension or restore, throws a {@code SuspensionError} from the place
 * that found it, and remembers it: the coroutine ends with that error as soon as its body returns or
 * suspends again, even if some code caught it (see {@link #reportedFailure}).
 */
public abstract class Coroutine {
    private static final long[] NO_PRIMS = {};
    private static final Object[] NO_REFS = {};
    /** The first size of a frame array: one grows by doubling while a suspension saves more. */
    private static final int FIRST_CAPACITY = 4;
    static final int NEW = 0, RUNNING = 1, SUSPENDING = 2, SUSPENDED = 3, RESTORING = 4, DONE = 5;
    private static final String[] STATE_NAMES = {"new", "running", "suspending", "suspended", "restoring", "done"};

    private static final VarHandle HANDLE;

    static {
        try {
            HANDLE = MethodHandles.lookup().findVarHandle(Coroutine.class, "handle", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The public handle (a {@code Continuation}): set at construction for a {@code new Continuation}, made
     * on demand for a task. Set once (compare-and-set from null), so every request sees the same handle.
     */
    private volatile Object handle;
    private int state = NEW;
    private long[] prims = NO_PRIMS;
    private int primTop;
    private Object[] refs = NO_REFS;
    private int refTop;
    /** Whether the arrays have been cut to the size of a whole suspension (see {@link #fitArraysOnce}). */
    private boolean arraysFitted;
    /**
     * The id of the method whose frame was saved last in the suspension in progress, or
     * {@link WovenCalls#SUSPEND_ID} before the first: what {@link #capture} compares with the method called.
     */
    private int lastSavedId;
    /**
     * Whether the thread running this continuation is the owner thread, which counts its unwinding in
     * {@link WovenCalls#unwinding} (set at each resume; a flag, not the carrier: a field less per task).
     */
    private boolean ownerRuns;
    /** What went wrong or waits to be proven; null while all is well, which is almost always. */
    private Trouble trouble;
    /**
     * The method id {@link #checkRoot} proved last for this store's root call (0: none): the root's
     * receiver (the store, or a {@link ForwardingCoroutine}'s final body) never changes, so the same top
     * frame needs no second look.
     */
    private int provenRootId;

    /** The rare state of a coroutine, kept apart so that a healthy one carries one null reference for it. */
    private static final class Trouble {
        /** The first suspension error this coroutine raised; it ends the coroutine (see {@link #reportedFailure}). */
        SuspensionFailure failure;
        /**
         * The links the callee check could not decide in the suspension in progress or saved last: walk
         * the stack when the same chain is restored, and prove them if it passes. Null when none.
         */
        List<UnprovenLink> unproven;

        void addUnproven(SuspensionSite site, Class<?> receiverClass, int savedId) {
            if (unproven == null) {
                unproven = new ArrayList<>(2);
            }
            unproven.add(new UnprovenLink(site, receiverClass, savedId));
        }
    }

    /** A link of a chain that {@link CalleeCheck} could not decide: a call at a site, its receiver's class, the frame saved. */
    private record UnprovenLink(SuspensionSite site, Class<?> receiverClass, int savedId) {}

    /** The call {@link #resume()} makes: {@code runBody()} on the store, whose class selects the method. */
    private static final SuspensionSite RESUME_CALLS_RUN_BODY = SuspensionSites.site(SuspensionSites.register(
            MethodRegistry.idOf(Coroutine.class.getClassLoader(), "io/jcoro/internal/Coroutine.resume()V"), 0, "io.jcoro.internal.Coroutine.resume",
            "io/jcoro/internal/Coroutine.runBody()V", true, null));

    protected Coroutine() {}

    /**
     * The coroutine's code: the root frame of every suspension. Called by {@link #resume()} on the
     * first resume and again on every later one, where the agent's restore code re-enters the saved
     * frames. An override must be instrumented, so it must be annotated {@code @io.jcoro.Suspendable}
     * itself: this declaration does not carry the annotation, since this package does not import the
     * public one (a {@link ForwardingCoroutine} is exempt: its {@code runBody} only forwards).
     */
    protected abstract void runBody();

    /**
     * A new {@code io.jcoro.SuspensionError} with {@code message}, which a failed suspension of this
     * coroutine throws. The store makes it because this package does not import the public class: a
     * {@code new Continuation}'s store and the scheduler's task return {@code new SuspensionError(message)}.
     */
    protected abstract SuspensionFailure newSuspensionError(String message);

    /** Whether the coroutine is saving its frames (for {@link ForwardingCoroutine#isUnwinding}). */
    final boolean isSuspending() {
        return state == SUSPENDING;
    }

    /**
     * The public handle of this coroutine, for {@code Continuation.current()}: the one it has, or one
     * {@code make} makes now for a store that has none yet (two racing requests agree on the first set).
     */
    public final Object handle(Function<Coroutine, ?> make) {
        Object h = handle;
        if (h != null) {
            return h;
        }
        Object made = make.apply(this);
        return HANDLE.compareAndSet(this, null, made) ? made : handle;
    }

    /** For {@code Continuation}'s constructor, through {@link BodyCoroutine}: the handle of a store it made. */
    final void setHandle(Object made) {
        if (!HANDLE.compareAndSet(this, null, made)) {
            throw new IllegalStateException("the frame store has a continuation already");
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

    /**
     * The saved frames as a stack trace, innermost first (what {@code LogicalStack.of} returns for this
     * store's continuation); the same thread-safety as {@link #savedFrames}.
     */
    public final List<StackTraceElement> logicalStack() {
        List<SavedFrame> saved = savedFrames();
        List<StackTraceElement> stack = new ArrayList<>(saved.size());
        for (int i = saved.size() - 1; i >= 0; i--) {
            stack.add(saved.get(i).toStackTraceElement());
        }
        return Collections.unmodifiableList(stack);
    }

    // ---------------------------------------------------------------- life cycle

    public final void resume() {
        if (state == DONE) {
            throw new IllegalStateException("the continuation is done");
        }
        if (state != NEW && state != SUSPENDED) {
            throw new IllegalStateException("the continuation is running already");
        }
        WovenCalls.Carrier carrier = WovenCalls.carrier();
        carrier.claimOwnershipOnce();
        ownerRuns = carrier.owner;
        Coroutine previous = carrier.current;
        carrier.current = this;
        try {
            if (state == SUSPENDED) {
                state = RESTORING;
                WovenCalls.addUnwinding(ownerRuns, 1);
            } else {
                state = RUNNING;
            }
            runBody();
        } catch (Throwable t) {
            SuspensionFailure failure = reportedFailure(t);
            end();
            if (failure == null && t instanceof SuspensionFailure) {
                failure = (SuspensionFailure) t;
            }
            if (failure != null) {
                alsoFails(previous, failure);
                throw failure;
            }
            throw t;
        } finally {
            carrier.current = previous;
        }
        try {
            afterBodyReturned();
        } catch (SuspensionFailure e) {
            alsoFails(previous, e);
            throw e;
        }
    }

    /**
     * A suspension error out of a continuation that another one resumed on this thread (a nested
     * continuation) fails the enclosing one too: code there that catches it, or a finally block that
     * throws something else, must not make it vanish.
     */
    private static void alsoFails(Coroutine enclosing, SuspensionFailure e) {
        if (enclosing != null) {
            Trouble t = enclosing.trouble();
            if (t.failure == null) {
                t.failure = e;
            }
        }
    }

    /**
     * The error the coroutine ends with instead of {@code thrown} (null: {@code thrown} itself): the
     * suspension error it raised earlier, even if some code caught it, with {@code thrown} attached as
     * suppressed; or, when an exception escapes while frames are being saved or restored, an error
     * saying that code which cannot carry the suspension went on running (its dummy result made it
     * throw), with the exception as its cause.
     */
    private SuspensionFailure reportedFailure(Throwable thrown) {
        SuspensionFailure remembered = trouble == null ? null : trouble.failure;
        if (remembered != null) {
            if (remembered != thrown) {
                remembered.addSuppressed(thrown);
            }
            return remembered;
        }
        if ((state == SUSPENDING || state == RESTORING) && !(thrown instanceof SuspensionFailure)
                && !(thrown instanceof VirtualMachineError)) {
            String top = hasFrames() ? topMethodKey() : "none";
            SuspensionFailure e = newSuspensionError("the coroutine's code threw " + thrown + " while the coroutine was "
                    + (state == SUSPENDING ? "suspending" : "restoring its frames") + " (frame saved last: " + top
                    + "): a method that cannot carry a suspension went on running after one, with a dummy result "
                    + "(a JDK method calling back into suspendable code, reflection, a method handle, or a method that "
                    + "is not @Suspendable)");
            e.initCause(thrown);
            return e;
        }
        return null;
    }

    private void afterBodyReturned() {
        SuspensionFailure failure = trouble == null ? null : trouble.failure;
        switch (state) {
            case RUNNING:
                if (failure != null) {
                    end();
                    throw failure;
                }
                state = DONE;
                return;
            case SUSPENDING:
                if (!hasFrames()) {
                    end();
                    throw newSuspensionError("the coroutine suspended, but no frame saved its state: "
                            + "the method that called Continuation.suspend() or a @Suspendable method is not "
                            + "instrumented (is it @Suspendable, and is the jcoro agent installed? A method reference "
                            + "to Continuation::suspend itself as the body is not supported: use a lambda)");
                }
                if (failure != null) {
                    end();
                    throw failure;
                }
                String problem = checkRoot();
                if (problem != null) {
                    end();
                    throw newSuspensionError(problem);
                }
                state = SUSPENDED;
                WovenCalls.addUnwinding(ownerRuns, -1);
                fitArraysOnce();
                if (WovenCalls.CHECK_FRAMES) {
                    checkFrames();
                }
                return;
            case RESTORING:
                String top = hasFrames() ? topMethodKey() : "none";
                end();
                throw newSuspensionError("the continuation's body returned without restoring its saved "
                        + "frames (next saved frame: " + top + "); the body is not the instrumented method that "
                        + "suspended");
            default:
                throw new IllegalStateException("unexpected state " + stateName());
        }
    }

    /**
     * When the body returned while suspending: the frame saved last must belong to the method that
     * {@link #resume()}'s call reached (this store's woven {@code runBody}, or a {@link ForwardingCoroutine}'s
     * body), else a method in between went on running. Returns the problem, or null.
     */
    private String checkRoot() {
        int top = topMethodId();
        if (top == provenRootId) {
            return null;
        }
        SuspensionSite root = RESUME_CALLS_RUN_BODY;
        Class<?> receiverClass = getClass();
        if (this instanceof ForwardingCoroutine) {
            ForwardingCoroutine forwarding = (ForwardingCoroutine) this;
            root = SuspensionSites.site(forwarding.forwardedCallSite());
            receiverClass = forwarding.forwardedBody().getClass();
        }
        CalleeCheck.Verdict v = CalleeCheck.check(root, receiverClass, top);
        if (v == CalleeCheck.Verdict.UNPROVEN) {
            trouble().addUnproven(root, receiverClass, top);
            return null;
        }
        if (v == CalleeCheck.Verdict.PROVEN) {
            provenRootId = top;
        }
        return v.problem == null ? null : "the coroutine's body returned while suspending, but " + v.problem;
    }

    private Trouble trouble() {
        Trouble t = trouble;
        return t != null ? t : (trouble = new Trouble());
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
            throw new IllegalStateException("jcoro frame check (" + WovenCalls.CHECK_FRAMES_PROPERTY + "): " + problem);
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
            WovenCalls.addUnwinding(ownerRuns, -1);
        }
    }

    private void clearFrames() {
        Arrays.fill(refs, 0, refTop, null);
        refTop = 0;
        primTop = 0;
    }

    /**
     * Cancels the suspension or restore in progress so the continuation stays consistent, remembers
     * the failure, and returns the error to throw at the place that found the problem: the error
     * propagates through the coroutine's frames like any exception thrown by the call there, and the
     * coroutine ends with it (see {@link #reportedFailure}).
     */
    private SuspensionFailure fail(String message) {
        leaveUnwinding();
        clearFrames();
        state = RUNNING;
        SuspensionFailure e = newSuspensionError(message);
        Trouble t = trouble();
        t.unproven = null; // the frames they belonged to are gone
        if (t.failure == null) {
            t.failure = e;
        }
        return e;
    }

    final void suspendHere() {
        switch (state) {
            case RUNNING:
                if (WovenCalls.CHECK_FRAMES) {
                    String problem = ChainCheck.verify(); // debugging: every suspension, before any frame returns
                    if (problem != null) {
                        throw fail(problem + " (the suspension started at " + ChainCheck.describeCodeFrame() + ")");
                    }
                }
                state = SUSPENDING;
                WovenCalls.addUnwinding(ownerRuns, 1);
                lastSavedId = WovenCalls.SUSPEND_ID;
                return;
            case RESTORING:
                if (hasFrames()) {
                    throw fail("resumed at Continuation.suspend() with " + frameCount()
                            + " saved frames not restored (next: " + topMethodKey() + ")");
                }
                state = RUNNING;
                WovenCalls.addUnwinding(ownerRuns, -1);
                if (trouble != null && trouble.unproven != null) {
                    walkRestoredChain();
                }
                return;
            case SUSPENDING:
                throw fail("Continuation.suspend() called at " + ChainCheck.describeCodeFrame() + " while the "
                        + "coroutine was already suspending: code went on running after a suspension it could not "
                        + "carry (frame saved last: " + (hasFrames() ? topMethodKey() : "none") + ")");
            default:
                throw new IllegalStateException("Continuation.suspend() in state " + stateName());
        }
    }

    /**
     * After the resume of a suspension whose callee check could not decide: the restored chain is the
     * one that was saved, and it is on the stack now, so the stack walk decides (and teaches the callee
     * check what it saw).
     */
    private void walkRestoredChain() {
        List<UnprovenLink> links = trouble.unproven;
        trouble.unproven = null;
        String problem = ChainCheck.verify();
        if (problem != null) {
            throw fail(problem + " (found when the coroutine resumed: the chain it suspended through could not be "
                    + "proven when it suspended)");
        }
        for (UnprovenLink link : links) { // every frame of the chain can carry a suspension: so can these links
            link.site().prove(link.receiverClass(), link.savedId());
        }
    }

    /** Small enough for the JIT to inline into every woven method's dispatch; the rest is cold. */
    final Coroutine enter(int methodId) {
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

    private Coroutine enterSlow(int methodId) {
        String methodKey = MethodRegistry.keyOf(methodId);
        switch (state) {
            case RESTORING:
                throw fail("restoring " + (hasFrames() ? "saved frame " + topMethodKey() : "no saved frame")
                        + " but entered " + methodKey + ": the call chain changed between suspension and resume");
            case SUSPENDING:
                throw fail("entered the suspendable method " + methodKey + " while the coroutine was suspending: "
                        + ChainCheck.callerOfEntered(hasFrames() ? topMethodKey() : null));
            default:
                return null;
        }
    }

    /**
     * After a static or special call: the frame saved last must be the one method the call resolves to,
     * as proven before for this site ({@link SuspensionSites#provenStaticCallee}). Small enough for the JIT to
     * inline into every woven method; the rest is cold.
     */
    final Coroutine capture(int siteId) {
        int[] proven = SuspensionSites.provenStaticCallee;
        if (state == SUSPENDING && siteId < proven.length && proven[siteId] == lastSavedId) {
            return this;
        }
        return captureSlow(siteId, null);
    }

    /**
     * After a virtual or interface call: the frame saved last must belong to the method the receiver's
     * class selects, as proven before for this site.
     */
    final Coroutine captureDispatched(Object receiver, int siteId) {
        if (state == SUSPENDING && SuspensionSites.site(siteId).lastLink.matches(receiver.getClass(), lastSavedId)) {
            return this;
        }
        return captureSlow(siteId, receiver);
    }

    private Coroutine captureSlow(int siteId, Object receiver) {
        SuspensionSite site = SuspensionSites.site(siteId);
        switch (state) {
            case SUSPENDING:
                break;
            case RESTORING:
                throw fail("at " + site.description + ": the call to " + site.calleeName() + " returned while the "
                        + "coroutine was restoring its saved frames (next: " + (hasFrames() ? topMethodKey() : "none")
                        + "), so it never led back to them: the call chain changed between suspension and resume");
            default:
                return null; // another thread's unwinding made the fast test true
        }
        if (!site.walked) {
            walkBelow(site);
        } else if (site.checksCaller) {
            checkCaller(site);
        }
        CalleeCheck.Verdict v = CalleeCheck.check(site, receiver == null ? null : receiver.getClass(), lastSavedId);
        if (v == CalleeCheck.Verdict.UNPROVEN) {
            trouble().addUnproven(site, receiver == null ? null : receiver.getClass(), lastSavedId);
        } else if (v != CalleeCheck.Verdict.PROVEN) {
            throw fail(v.problem);
        }
        return this;
    }

    /**
     * At every capture in a method that code jcoro does not weave may call (a callback of a JDK
     * functional interface): the frame that called it differs from one suspension to the next, so it is
     * checked each time, before the method returns to it. A short walk: microseconds, on this path only.
     */
    private void checkCaller(SuspensionSite site) {
        String problem = ChainCheck.checkCaller();
        if (problem != null) {
            throw fail(problem + " (the suspension came up through " + site.description + ")");
        }
    }

    /**
     * The stack walk at the first capture of a site: every frame below the capturing method is still on
     * the stack, so one that cannot carry the suspension fails it before it gets control back, named
     * with its line.
     */
    private void walkBelow(SuspensionSite site) {
        String problem = ChainCheck.verify();
        if (problem != null) {
            throw fail(problem + " (the suspension " + (hasFrames() ? "came up through " : "started at ") + site.description + ")");
        }
        site.walked = true;
    }

    final void cannotSuspendHere(String site, String reason) {
        if (state == SUSPENDING) {
            throw fail("cannot suspend at " + site + ": " + reason);
        }
    }

    // ---------------------------------------------------------------- frame data, called by instrumented code

    /** Pops the header of the frame {@link #enter} accepted and returns its resume point. */
    public static int popResumePoint(Coroutine s) {
        return (int) s.prims[--s.primTop];
    }

    /** Closes the frame being saved: its header, after its values. */
    public static void pushFrame(int resumePoint, int methodId, Coroutine s) {
        pushLong(((long) methodId << 32) | (resumePoint & 0xFFFF_FFFFL), s);
        s.lastSavedId = methodId;
    }

    public static void pushInt(int v, Coroutine s) {
        pushLong(v, s);
    }

    public static void pushFloat(float v, Coroutine s) {
        pushLong(Float.floatToRawIntBits(v), s);
    }

    public static void pushDouble(double v, Coroutine s) {
        pushLong(Double.doubleToRawLongBits(v), s);
    }

    public static void pushLong(long v, Coroutine s) {
        long[] a = s.prims;
        int top = s.primTop;
        if (top == a.length) {
            a = s.prims = Arrays.copyOf(a, grownCapacity(top));
        }
        a[top] = v;
        s.primTop = top + 1;
    }

    public static void pushRef(Object v, Coroutine s) {
        Object[] a = s.refs;
        int top = s.refTop;
        if (top == a.length) {
            a = s.refs = Arrays.copyOf(a, grownCapacity(top));
        }
        a[top] = v;
        s.refTop = top + 1;
    }

    public static int popInt(Coroutine s) {
        return (int) s.prims[--s.primTop];
    }

    public static float popFloat(Coroutine s) {
        return Float.intBitsToFloat((int) s.prims[--s.primTop]);
    }

    public static double popDouble(Coroutine s) {
        return Double.longBitsToDouble(s.prims[--s.primTop]);
    }

    public static long popLong(Coroutine s) {
        return s.prims[--s.primTop];
    }

    public static Object popRef(Coroutine s) {
        Object[] a = s.refs;
        int top = --s.refTop;
        Object v = a[top];
        a[top] = null; // a suspended coroutine must not keep what its frames no longer hold
        return v;
    }
}
