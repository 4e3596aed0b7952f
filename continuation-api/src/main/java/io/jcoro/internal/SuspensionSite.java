package io.jcoro.internal;

import java.util.Arrays;

/**
 * One suspendable call in a woven method: where it is, what it calls, and what the runtime has
 * learnt about the frames that suspensions through it saved. Made by the transformer
 * ({@link SuspensionSites#register}); woven code names a site by its {@link #id}.
 *
 * <p>A capture after this call accepts the frame saved last only when it belongs to the method the
 * call reached: for a static or special call the one {@link #expectedCalleeId()}, for a virtual or
 * interface call the method the receiver's class dispatches to ({@link CalleeCheck}). What was proven
 * good once is remembered: the last link in {@link #lastLink} (what the capture's fast path compares
 * with), and every link in an array kept on the receiver's class ({@link #BY_RECEIVER}, a
 * {@code ClassValue}, so that a site in a long-lived class does not keep the classes of another class
 * loader alive; only {@link #lastLink} holds one class strongly, until another replaces it). Finding a
 * link allocates nothing, so a call site that alternates between receiver classes costs a scan.
 *
 * <p>Threads: the final fields are set before the site is published. {@link #lastLink} is read and
 * written without locks by any thread that captures here: a {@link Link} is immutable (final fields),
 * so a reader sees an older link or the newer one, each whole, and a miss only sends the capture down
 * the slow path, which looks in the arrays (copy-on-write) and proves the link again if needed.
 *
 * <p>A static or special call's links have a null receiver class. The pseudo sites of the runtime's own
 * calls ({@code Coroutine.resume} calling {@code runBody}, {@code BodyCoroutine} calling the body) are
 * sites too.
 */
public final class SuspensionSite {
    /**
     * A proven step of a chain: at the site {@code siteId}, a call on a receiver of
     * {@code receiverClass} (null for a static or special call) reached the method {@code calleeId},
     * which saved the frame. Immutable: its final fields make a racy publication safe.
     */
    static final class Link {
        final int siteId;
        final Class<?> receiverClass;
        final int calleeId;

        Link(int siteId, Class<?> receiverClass, int calleeId) {
            this.siteId = siteId;
            this.receiverClass = receiverClass;
            this.calleeId = calleeId;
        }

        boolean matches(Class<?> receiver, int callee) {
            return receiverClass == receiver && calleeId == callee;
        }
    }

    /** Copy-on-write arrays of links: read without a lock, grown under the owner's lock. */
    private static final class Links {
        volatile Link[] all = NO_LINKS;

        Link find(int siteId, Class<?> receiver, int callee) {
            for (Link link : all) {
                if (link.siteId == siteId && link.matches(receiver, callee)) {
                    return link;
                }
            }
            return null;
        }

        synchronized Link add(int siteId, Class<?> receiver, int callee) {
            Link found = find(siteId, receiver, callee);
            if (found != null) {
                return found;
            }
            Link link = new Link(siteId, receiver, callee);
            Link[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = link;
            all = grown;
            return link;
        }
    }

    private static final Link[] NO_LINKS = {};
    private static final Link NO_LINK = new Link(0, void.class, -1);
    /**
     * The links through each receiver class, kept on the class (a {@code ClassValue}) rather than on the
     * site, so that a site in a long-lived class does not keep classes of another loader alive.
     */
    private static final ClassValue<Links> BY_RECEIVER = new ClassValue<>() {
        @Override
        protected Links computeValue(Class<?> type) {
            return new Links();
        }
    };

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
    /**
     * For a static or special call, the method the transformer resolved it to, {@code owner/Name.method(desc)};
     * else null. Which loader defines its class is known only once the class is loaded: {@link #expectedCalleeId()}.
     */
    final String expectedCallee;
    /**
     * The id of {@link #expectedCallee} once found (0: not yet). Racy: two threads may both look it up
     * and write the same value.
     */
    private int expectedCalleeId;

    /**
     * The link proven last: what the capture's fast path compares with. Racy; see the class comment.
     * Set only after {@link #walked}: a capture that matches it needs no walk either.
     */
    Link lastLink = NO_LINK;
    /** The links of a static or special call (no receiver): one, unless resolution needed a walk. */
    private final Links staticLinks = new Links();
    /**
     * Whether a stack walk at a capture here found every frame below this call able to carry a
     * suspension. Racy: a thread that does not see it yet only walks again.
     */
    boolean walked;
    /**
     * Whether the method may be called by code jcoro does not weave ({@link MethodRegistry#calledByCodeNotWoven}):
     * then every capture here takes the slow path and checks the frame below the method, since that caller
     * may differ from one suspension to the next. Volatile: set when a class that makes such a call loads.
     */
    volatile boolean checksCaller;

    SuspensionSite(int id, int methodId, int resumePoint, String description, String callee, boolean dispatched,
            String expectedCallee) {
        this.id = id;
        this.methodId = methodId;
        this.resumePoint = resumePoint;
        this.description = description;
        this.callee = callee;
        this.calleeNameAndDesc = callee.substring(callee.lastIndexOf('.', callee.indexOf('(')) + 1);
        this.dispatched = dispatched;
        this.expectedCallee = expectedCallee;
    }

    /**
     * The id of the method a static or special call reaches, or 0 when it cannot be found: its class, as
     * the loader of the calling method's class resolves the name (on the slow path of a capture after
     * that method ran, so the class is loaded; it is not initialised here). Ids are per defining loader,
     * and the calling class may see the callee's class through a parent loader.
     */
    int expectedCalleeId() {
        int found = expectedCalleeId;
        if (found != 0 || expectedCallee == null) {
            return found;
        }
        boolean[] known = new boolean[1];
        ClassLoader siteLoader = MethodRegistry.loaderOf(methodId, known);
        if (!known[0]) {
            return 0;
        }
        String owner = expectedCallee.substring(0, expectedCallee.lastIndexOf('.', expectedCallee.indexOf('(')));
        try {
            Class<?> c = Class.forName(owner.replace('/', '.'), false, siteLoader);
            found = MethodRegistry.idOf(c.getClassLoader(), expectedCallee);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return 0; // the capture's stack walk decides instead
        }
        expectedCalleeId = found;
        return found;
    }

    /**
     * Whether a static or special call reaches a method that the calling method's own class declares (as
     * the transformer resolved it): then nothing but that method can be reached.
     */
    boolean callsOwnClass() {
        if (expectedCallee == null) {
            return false;
        }
        String caller = MethodRegistry.keyOf(methodId);
        return ownerOf(expectedCallee).equals(ownerOf(caller));
    }

    private static String ownerOf(String methodKey) {
        int parenthesis = methodKey.indexOf('(');
        int dot = parenthesis < 0 ? -1 : methodKey.lastIndexOf('.', parenthesis);
        return dot < 0 ? methodKey : methodKey.substring(0, dot);
    }

    /** The call's owner as a binary class name and the method's name: {@code com.example.Foo.bar}. */
    String calleeName() {
        return callee.substring(0, callee.indexOf('(')).replace('/', '.');
    }

    /** Whether the link was proven; a found link becomes {@link #lastLink}. Allocates nothing. */
    boolean isProven(Class<?> receiverClass, int calleeId) {
        Link last = lastLink;
        if (last.matches(receiverClass, calleeId)) {
            return true;
        }
        Link found = linksOf(receiverClass).find(id, receiverClass, calleeId);
        if (found != null) {
            remember(found);
            return true;
        }
        return false;
    }

    void prove(Class<?> receiverClass, int calleeId) {
        remember(linksOf(receiverClass).add(id, receiverClass, calleeId));
    }

    /** Drops the fast path's memory of this site. */
    void forget() {
        lastLink = NO_LINK;
    }

    private void remember(Link link) {
        if (checksCaller) {
            return; // the fast path must not skip the caller check
        }
        lastLink = link;
        if (link.receiverClass == null) {
            SuspensionSites.provenStatic(id, link.calleeId);
        }
    }

    private Links linksOf(Class<?> receiverClass) {
        return receiverClass == null ? staticLinks : BY_RECEIVER.get(receiverClass);
    }

    @Override
    public String toString() {
        return description + " -> " + callee;
    }
}
