package io.jcoro.internal;

import java.util.Arrays;

/**
 * Every suspendable call the transformer wove, by id: woven code passes a site's id (an int constant)
 * to {@link WovenCalls#capture} and {@link WovenCalls#captureDispatched}, and the runtime finds the site here
 * with one array read.
 *
 * <p>Threads: {@link #register} runs on the threads that load classes, under this class's lock;
 * {@link #site} runs on any thread without a lock. A new site goes into a slot no reader has read
 * (ids are handed out in order, and an id reaches woven code only after {@code register} returned),
 * of the current array or of a grown copy, and the volatile write of the array field after it
 * publishes the site: a reader that has an id reads the field and finds its site.
 */
public final class SuspensionSites {
    private static volatile SuspensionSite[] sites = new SuspensionSite[256];
    /**
     * Per site id of a static or special call, the callee id proven for it (0: none yet): the capture's
     * fast path reads one int here instead of the site's last link. Written without a lock by whoever
     * proves a link; a write into an array that a growing copy has just replaced is lost, which only
     * sends a later capture down the slow path to prove it again.
     */
    static volatile int[] provenStaticCallee = new int[256];
    private static int count = 1; // id 0 is no site

    private SuspensionSites() {}

    /**
     * Registers a suspendable call of a woven method and returns its id.
     *
     * @param methodId the woven method ({@link MethodRegistry#idOf})
     * @param resumePoint the call's resume point in that method
     * @param description where the call is, {@code com.example.Foo.bar(Foo.java:12)}
     * @param callee the call's symbolic target, {@code owner/Name.method(desc)}
     * @param dispatched whether the method called depends on the receiver's class (invokevirtual or
     *     invokeinterface)
     * @param resolvedCallee for a static or special call, the method the call resolves to (its owner
     *     may be a superclass of the call's), {@code owner/Name.method(desc)}; ignored for a dispatched call
     */
    public static synchronized int register(int methodId, int resumePoint, String description, String callee,
            boolean dispatched, String resolvedCallee) {
        int id = count;
        SuspensionSite site = new SuspensionSite(id, methodId, resumePoint, description, callee,
                dispatched, dispatched ? null : resolvedCallee);
        if (MethodRegistry.isCalledByCodeNotWoven(MethodRegistry.keyOf(methodId))) {
            site.checksCaller = true;
        }
        SuspensionSite[] current = sites;
        SuspensionSite[] next = id < current.length ? current : Arrays.copyOf(current, current.length * 2);
        next[id] = site;
        int[] proven = provenStaticCallee;
        if (id >= proven.length) {
            provenStaticCallee = Arrays.copyOf(proven, proven.length * 2);
        }
        count = id + 1;
        sites = next; // publishes the site (and a grown array) to readers
        return id;
    }

    /**
     * The sites of a method that turned out to be callable by code jcoro does not weave (a method
     * reference made in a class loaded later): from now on their captures check the caller, so what
     * the fast path remembered for them is dropped.
     */
    static synchronized void checkCallersOf(String methodKey) {
        SuspensionSite[] all = sites;
        for (int i = 1; i < count; i++) {
            if (MethodRegistry.keyOf(all[i].methodId).equals(methodKey)) {
                all[i].checksCaller = true;
                all[i].forget();
                provenStaticCallee[i] = 0;
            }
        }
    }

    /** Records for the capture's fast path that a static or special call at {@code siteId} reached {@code calleeId}. */
    static void provenStatic(int siteId, int calleeId) {
        if (sites[siteId].checksCaller) {
            return; // every capture there takes the slow path, which checks the caller
        }
        int[] proven = provenStaticCallee;
        if (siteId < proven.length) {
            proven[siteId] = calleeId;
        }
    }

    /** The site of an id that woven code passed. */
    static SuspensionSite site(int id) {
        return sites[id];
    }
}
