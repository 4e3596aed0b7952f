package io.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of the callee check on sites and methods registered here as the transformer would:
 * proven when the frame saved last is the method the call reached, broken (with the reason) when it
 * is not, unproven when it cannot tell without a stack walk.
 */
class CalleeCheckTest {
    static class Worker {
        void work() {}
    }

    static class Lazy extends Worker {
        @Override
        void work() {}
    }

    private static final String WORKER = "io/jcoro/internal/CalleeCheckTest$Worker";
    private static final String LAZY = "io/jcoro/internal/CalleeCheckTest$Lazy";

    static class Target {
        static void go() {}
    }

    private static final String TARGET_GO = "io/jcoro/internal/CalleeCheckTest$Target.go()V";
    private static final ClassLoader LOADER = CalleeCheckTest.class.getClassLoader();

    private static int woven(String key) {
        return woven(LOADER, key);
    }

    private static int woven(ClassLoader loader, String key) {
        MethodRegistry.woven(loader, key, null);
        return MethodRegistry.idOf(loader, key);
    }

    private static SuspensionSite staticSite(String callee) {
        return staticSite(LOADER, callee);
    }

    private static SuspensionSite staticSite(ClassLoader callerLoader, String callee) {
        return SuspensionSites.site(SuspensionSites.register(MethodRegistry.idOf(callerLoader, "test/Caller.run()V"), 0,
                "test.Caller.run(Caller.java:1)", callee, false, callee));
    }

    private static SuspensionSite dispatchedSite(String callee) {
        return SuspensionSites.site(SuspensionSites.register(MethodRegistry.idOf(LOADER, "test/Caller.run()V"), 0,
                "test.Caller.run(Caller.java:2)", callee, true, null));
    }

    @Test
    void aStaticCallIsProvenByTheMethodItResolvesTo() {
        int target = woven(TARGET_GO);
        SuspensionSite site = staticSite(TARGET_GO);
        assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, null, target));
        assertTrue(site.lastLink.matches(null, target), "remembered for the capture's fast path");
    }

    @Test
    void aStaticCallIsProvenByTheMethodOfTheClassItsCallerSeesThroughAParentLoader() throws Exception {
        try (URLClassLoader child = new URLClassLoader(new URL[0], LOADER)) {
            int inParent = woven(TARGET_GO);
            int namesakeInChild = woven(child, TARGET_GO);
            assertNotEquals(inParent, namesakeInChild, "one id per defining loader");
            SuspensionSite site = staticSite(child, TARGET_GO);
            assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, null, inParent));
            assertSame(CalleeCheck.Verdict.UNPROVEN, CalleeCheck.check(site, null, namesakeInChild),
                    "the child's loader finds Target in its parent: the child's namesake is not what the call reached");
        }
    }

    @Test
    void twoSameNamedClassesInTwoLoadersShareNoEntry() throws Exception {
        try (URLClassLoader a = new URLClassLoader(new URL[0], null); URLClassLoader b = new URLClassLoader(new URL[0], null)) {
            String key = "webapp/Handler.handle()V";
            ResumePoints points = new ResumePoints("Handler.java", new int[] {12}, new int[] {1}, new int[] {2});
            MethodRegistry.woven(a, key, points);
            MethodRegistry.guarded(b, key, "not @Suspendable in this web application");
            int inA = MethodRegistry.idOf(a, key);
            int inB = MethodRegistry.idOf(b, key);
            assertNotEquals(inA, inB);
            assertTrue(MethodRegistry.isWoven(inA));
            assertFalse(MethodRegistry.isWoven(inB), "b's guarded class is not woven because a's namesake is");
            assertEquals("not @Suspendable in this web application", MethodRegistry.reasonItCannotSuspend(inB));
            assertSame(points, MethodRegistry.resumePoints(inA));
            assertNull(MethodRegistry.resumePoints(inB), "b's frames are never read with a's layout");
            assertEquals(0, MethodRegistry.find(new URLClassLoader(new URL[0], null), key), "a third loader knows nothing");
        }
    }

    @Test
    void aStaticCallWhoseFrameSavedLastIsAnotherMethodIsBroken() {
        woven(TARGET_GO);
        int other = woven("test/Other.lambda$x$0(Ljava/lang/String;)Ljava/lang/Integer;");
        CalleeCheck.Verdict v = CalleeCheck.check(staticSite(TARGET_GO), null, other);
        assertNotNull(v.problem);
        assertTrue(v.problem.startsWith("cannot suspend at test.Caller.run(Caller.java:1): the call to "
                + "io.jcoro.internal.CalleeCheckTest$Target.go "
                + "returned while the coroutine was suspending, but the frame saved last belongs to "
                + "test.Other.lambda$x$0"), v.problem);
    }

    @Test
    void aStaticCallReachingASameNamedMethodElsewhereIsUnproven() {
        int inherited = woven("test/Base.go()V"); // Sub.go() may resolve to Base.go() if Sub's bytes were missing
        assertSame(CalleeCheck.Verdict.UNPROVEN, CalleeCheck.check(staticSite("test/Sub.go()V"), null, inherited));
    }

    @Test
    void aStaticCallToAMethodOfItsOwnClassIsNeverUnproven() {
        // Target.run() calls Target.go(): exactly that method, so a namesake elsewhere breaks the chain
        int namesake = woven("test/Base.go()V");
        SuspensionSite site = SuspensionSites.site(SuspensionSites.register(
                MethodRegistry.idOf(LOADER, "io/jcoro/internal/CalleeCheckTest$Target.run()V"), 0,
                "io.jcoro.internal.CalleeCheckTest$Target.run(CalleeCheckTest.java:3)", TARGET_GO, false, TARGET_GO));
        CalleeCheck.Verdict v = CalleeCheck.check(site, null, namesake);
        assertNotNull(v.problem, "a restore through go()'s second entry would take test.Base.go's frame for its own");
        assertTrue(v.problem.contains("the frame saved last belongs to test.Base.go"), v.problem);
        assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, null, woven(TARGET_GO)));
    }

    @Test
    void aVirtualCallIsProvenByTheMethodTheReceiversClassSelects() {
        int work = woven(WORKER + ".work()V");
        SuspensionSite site = dispatchedSite(WORKER + ".work()V");
        assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, Worker.class, work));
        assertTrue(site.lastLink.matches(Worker.class, work));
    }

    @Test
    void aVirtualCallThatReachedAMethodThatIsNotWovenIsBroken() {
        int work = woven(WORKER + ".work()V"); // Lazy.work overrides it and is not woven
        CalleeCheck.Verdict v = CalleeCheck.check(dispatchedSite(WORKER + ".work()V"), Lazy.class, work);
        assertNotNull(v.problem);
        assertTrue(v.problem.contains("(it reached io.jcoro.internal.CalleeCheckTest$Lazy.work)"), v.problem);
    }

    @Test
    void aCallThatReachedAJdkMethodSaysThatAJdkMethodCannotCarryASuspension() {
        int saved = woven("test/Callback.lambda$cb$0()V");
        CalleeCheck.Verdict v = CalleeCheck.check(dispatchedSite("java/util/List.clear()V"), ArrayList.class, saved);
        assertNotNull(v.problem);
        assertTrue(v.problem.contains("(it reached java.util.ArrayList.clear: " + CannotCarry.JDK_METHOD + ")"), v.problem);
    }

    @Test
    void aLambdaProxyIsProvenByWhatAWalkSawItCall() {
        Runnable lambda = () -> {};
        Class<?> proxy = lambda.getClass();
        int body = woven("test/Owner.lambda$run$0()V");
        int stranger = woven("test/Owner.lambda$run$1()V");
        SuspensionSite site = dispatchedSite("java/lang/Runnable.run()V");
        assertSame(CalleeCheck.Verdict.UNPROVEN, CalleeCheck.check(site, proxy, body), "no walk has seen the proxy");
        ProxyTargets.learn(proxy, body);
        assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, proxy, body));
        CalleeCheck.Verdict v = CalleeCheck.check(site, proxy, stranger);
        assertNotNull(v.problem, "a lambda's proxy calls its one body; a frame of another method came another way");
    }
}
