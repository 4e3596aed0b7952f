package io.jcoro.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One suspendable call in a woven method: where it is, what it calls, and what the runtime has
 * learnt about the frames that suspensions through it saved. Made by the transformer
 * ({@link SuspensionSites#register}); woven code names a site by its {@link #id}.
 *
 * <p>A capture after this call accepts the frame saved last only when it belongs to the method the
 * call reached: for a static or special call the one {@link #expectedCalleeId}, for a virtual or
 * interface call the method the receiver's class dispatches to ({@link CalleeCheck}). What was proven
 * good once is remembered: the last link in {@link #lastLink} (what the capture's fast path compares
 * with), and every link in a set kept on the receiver's class ({@link #PROVEN}, a {@code ClassValue}, so
 * that a site in a long-lived class does not keep the classes of another class loader alive; only
 * {@link #lastLink} holds one class strongly, until another replaces it).
 *
 * <p>Threads: the final fields are set before the site is published. {@link #lastLink} is read and
 * written without locks by any thread that captures here: a {@link Link} is immutable (final fields),
 * so a reader sees an older link or the newer one, each whole, and a miss only sends the capture down
 * the slow path, which looks in the sets (concurrent) and proves the link again if needed.
 *
 * <p>A static or special call's links have a null receiver class. The pseudo sites of the runtime's own
 * calls ({@code FrameStore.resume} calling {@code runBody}, {@code BodyStore} calling the body) are
 * sites too.
 */
public final class SuspensionSite {
    /** A proven step of a chain: a receiver class (null for a static or special call) and the callee that saved. */
    static final class Link {
        final Class<?> receiverClass;
        final int calleeId;

        Link(Class<?> receiverClass, int calleeId) {
            this.receiverClass = receiverClass;
            this.calleeId = calleeId;
        }

        boolean matches(Class<?> receiver, int callee) {
            return receiverClass == receiver && calleeId == callee;
        }
    }

    private static final Link NO_LINK = new Link(void.class, -1);
    /** Per receiver class: the proven links through it, as {@code (siteId << 32) | calleeId}. */
    private static final ClassValue<Set<Long>> PROVEN = new ClassValue<>() {
        @Override
        protected Set<Long> computeValue(Class<?> type) {
            return ConcurrentHashMap.newKeySet();
        }
    };
    /** Links through static and special calls, which have no receiver: {@code (siteId << 32) | calleeId}. */
    private static final Set<Long> PROVEN_STATIC = ConcurrentHashMap.newKeySet();

    final int id;
    /** The woven method that makes the call, and its resume point there. */
    final int methodId;
    final int resumePoint;
    /** {@code com.example.Foo.bar(Foo.java:12)}, for error messages. */
    final String description;
    /** The call's symbolic target, {@code owner/Name.method(desc)}. */
    final String callee;
    /** The call's method name and descriptor, {@code method(desc)}. */
    final String calleeNameAndDesc;
    /** Whether the method called depends on the receiver's class (an invokevirtual or invokeinterface). */
    final boolean dispatched;
    /** For a static or special call, the id of the method the transformer resolved it to; else 0. */
    final int expectedCalleeId;

    /**
     * The link proven last: what the capture's fast path compares with. Racy; see the class comment.
     * Set only after {@link #walked}: a capture that matches it needs no walk either.
     */
    Link lastLink = NO_LINK;
    /**
     * Whether a stack walk at a capture here found every frame below this call able to carry a
     * suspension. Racy: a thread that does not see it yet only walks again.
     */
    boolean walked;

    SuspensionSite(int id, int methodId, int resumePoint, String description, String callee, boolean dispatched,
            int expectedCalleeId) {
        this.id = id;
        this.methodId = methodId;
        this.resumePoint = resumePoint;
        this.description = description;
        this.callee = callee;
        this.calleeNameAndDesc = callee.substring(callee.lastIndexOf('.', callee.indexOf('(')) + 1);
        this.dispatched = dispatched;
        this.expectedCalleeId = expectedCalleeId;
    }

    /** The call's owner as a binary class name and the method's name: {@code com.example.Foo.bar}. */
    String calleeName() {
        return callee.substring(0, callee.indexOf('(')).replace('/', '.');
    }

    boolean isProven(Class<?> receiverClass, int calleeId) {
        Link last = lastLink;
        if (last.matches(receiverClass, calleeId)) {
            return true;
        }
        Set<Long> proven = receiverClass == null ? PROVEN_STATIC : PROVEN.get(receiverClass);
        if (proven.contains(linkKey(calleeId))) {
            lastLink = new Link(receiverClass, calleeId);
            return true;
        }
        return false;
    }

    void prove(Class<?> receiverClass, int calleeId) {
        (receiverClass == null ? PROVEN_STATIC : PROVEN.get(receiverClass)).add(linkKey(calleeId));
        lastLink = new Link(receiverClass, calleeId);
    }

    private long linkKey(int calleeId) {
        return ((long) id << 32) | (calleeId & 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        return description + " -> " + callee;
    }
}
