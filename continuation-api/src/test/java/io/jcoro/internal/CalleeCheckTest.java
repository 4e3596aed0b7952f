package io.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static int woven(String key) {
        MethodRegistry.woven(key);
        return MethodRegistry.idOf(key);
    }

    private static SuspensionSite staticSite(String callee) {
        return SuspensionSites.site(SuspensionSites.register("test/Caller.run()V", 0, "test.Caller.run(Caller.java:1)",
                callee, false, callee));
    }

    private static SuspensionSite dispatchedSite(String callee) {
        return SuspensionSites.site(SuspensionSites.register("test/Caller.run()V", 0, "test.Caller.run(Caller.java:2)",
                callee, true, null));
    }

    @Test
    void aStaticCallIsProvenByTheMethodItResolvesTo() {
        int target = woven("test/Target.go()V");
        SuspensionSite site = staticSite("test/Target.go()V");
        assertSame(CalleeCheck.Verdict.PROVEN, CalleeCheck.check(site, null, target));
        assertTrue(site.lastLink.matches(null, target), "remembered for the capture's fast path");
    }

    @Test
    void aStaticCallWhoseFrameSavedLastIsAnotherMethodIsBroken() {
        woven("test/Target.go()V");
        int other = woven("test/Other.lambda$x$0(Ljava/lang/String;)Ljava/lang/Integer;");
        CalleeCheck.Verdict v = CalleeCheck.check(staticSite("test/Target.go()V"), null, other);
        assertNotNull(v.problem);
        assertTrue(v.problem.startsWith("cannot suspend at test.Caller.run(Caller.java:1): the call to test.Target.go "
                + "returned while the coroutine was suspending, but the frame saved last belongs to "
                + "test.Other.lambda$x$0"), v.problem);
    }

    @Test
    void aStaticCallReachingASameNamedMethodElsewhereIsUnproven() {
        int inherited = woven("test/Base.go()V"); // Sub.go() may resolve to Base.go() if Sub's bytes were missing
        assertSame(CalleeCheck.Verdict.UNPROVEN, CalleeCheck.check(staticSite("test/Sub.go()V"), null, inherited));
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
