package io.jcoro.internal;

/**
 * After a suspendable call returned while its coroutine is suspending: does the frame saved last
 * belong to the method this call reached? If it does, nothing ran between that method's return and
 * this capture, so no state was lost on the way. If a method that cannot save its frame stood
 * between them (a JDK method that called back into suspendable code, reflection, a method that is not
 * {@code @Suspendable}), it went on running after the suspension with a dummy result: the suspension
 * must fail, never be carried on.
 *
 * <p>What "the method this call reached" is:
 * <ul>
 *   <li>a static or special call: the one method the transformer resolved it to;
 *   <li>a virtual or interface call: the method the receiver's class selects ({@link Dispatch}), or,
 *       when the receiver is a lambda proxy (a hidden class that only forwards), the method the proxy
 *       was seen calling ({@link ProxyTargets}).
 * </ul>
 * A link proven once (site, receiver class, saved method) is remembered on its site and costs two
 * comparisons the next time. What cannot be decided here (a proxy never seen in a stack walk, a call
 * whose target reflection cannot find) is {@link Verdict#UNPROVEN}: the coroutine then walks its
 * stack when it resumes, where the same chain is on the stack again ({@link Coroutine}).
 */
final class CalleeCheck {
    /** The outcome of a check: proven, unproven, or broken with the reason. */
    static final class Verdict {
        static final Verdict PROVEN = new Verdict(null);
        static final Verdict UNPROVEN = new Verdict(null);

        /** For a broken link: what went wrong, for the error. */
        final String problem;

        private Verdict(String problem) {
            this.problem = problem;
        }

        static Verdict broken(String problem) {
            return new Verdict(problem);
        }
    }

    private CalleeCheck() {}

    /**
     * @param receiverClass the class of the call's receiver; null for a static or special call
     * @param savedId the id of the method whose frame was saved last ({@link WovenCalls#SUSPEND_ID} when
     *     none was: the call was {@code Continuation.suspend()} itself)
     */
    static Verdict check(SuspensionSite site, Class<?> receiverClass, int savedId) {
        if (site.isProven(receiverClass, savedId)) {
            return Verdict.PROVEN;
        }
        Verdict v = site.dispatched ? dispatched(site, receiverClass, savedId) : direct(site, savedId);
        if (v == Verdict.PROVEN) {
            site.prove(receiverClass, savedId);
        }
        return v;
    }

    private static Verdict direct(SuspensionSite site, int savedId) {
        int expected = site.expectedCalleeId();
        if (expected != 0 && savedId == expected) {
            return Verdict.PROVEN;
        }
        if (nameAndDesc(MethodRegistry.keyOf(savedId)).equals(site.calleeNameAndDesc) && !site.callsOwnClass()) {
            // the call may resolve to an inherited method of a class whose bytes the transformer did not see
            // (not when the callee is declared by the calling method's own class: then it is exactly known,
            // and a restore through its second entry relies on that frame being the callee's, unchecked)
            return Verdict.UNPROVEN;
        }
        // the method that saved last is not even named like the call: the one the call reached did not save
        return Verdict.broken(lostBetween(site, MethodRegistry.isWoven(expected) ? expected : 0, savedId, null));
    }

    private static Verdict dispatched(SuspensionSite site, Class<?> receiverClass, int savedId) {
        int selected = Dispatch.select(receiverClass, site.calleeNameAndDesc);
        if (selected == 0) {
            return Verdict.UNPROVEN;
        }
        if (receiverClass.isHidden() && Dispatch.isDeclaredBy(MethodRegistry.keyOf(selected), receiverClass)) {
            // the proxy's own method, which forwards (a method it inherits, a default method, runs as any other)
            if (ProxyTargets.forwardsTo(receiverClass, savedId)) {
                return Verdict.PROVEN;
            }
            if (ProxyTargets.onlyLambdaBodies(receiverClass)) {
                return Verdict.broken(lostBetween(site, 0, savedId, null));
            }
            return Verdict.UNPROVEN;
        }
        if (!MethodRegistry.isWoven(selected)) {
            return Verdict.broken(lostBetween(site, selected, savedId, null));
        }
        if (selected == savedId) {
            return Verdict.PROVEN;
        }
        if (nameAndDesc(MethodRegistry.keyOf(savedId)).equals(site.calleeNameAndDesc)
                && isInSuperclasses(receiverClass, ownerOf(MethodRegistry.keyOf(savedId)))) {
            return Verdict.UNPROVEN; // a private method invoked virtually by a nestmate, say: not what dispatch selects
        }
        return Verdict.broken(lostBetween(site, selected, savedId, receiverClass.getClassLoader()));
    }

    /**
     * The error when the frame saved last is not the one the call reached ({@code reached}, when known (else 0):
     * a method that is not woven, or a woven one that did not save; {@code loader} finds the classes of
     * the saved method's supertypes for the message, when one is at hand).
     */
    private static String lostBetween(SuspensionSite site, int reachedId, int savedId, ClassLoader loader) {
        String reached = reachedId == 0 ? null : MethodRegistry.keyOf(reachedId);
        String savedKey = MethodRegistry.keyOf(savedId);
        String saved = savedId == WovenCalls.SUSPEND_ID ? "none (Continuation.suspend() itself)" : CannotCarry.methodName(savedKey);
        String head = "cannot suspend at " + site.description + ": the call to " + site.calleeName() + " returned while "
                + "the coroutine was suspending, but the frame saved last belongs to " + saved + ", not to the method the "
                + "call reached";
        if (reached != null && MethodRegistry.isWoven(reachedId)) {
            return head + " (" + CannotCarry.methodName(reached) + "): " + CannotCarry.throughUnsuspendableCall(
                    CannotCarry.methodName(reached), savedKey, loader) + "; or it ran a JDK method that called back into "
                    + "suspendable code: " + CannotCarry.JDK_METHOD;
        }
        String reachedText = "";
        if (reached != null) {
            String className = CannotCarry.methodName(reached);
            String method = className.substring(className.lastIndexOf('.') + 1);
            className = className.substring(0, className.lastIndexOf('.'));
            String why = MethodRegistry.reasonItCannotSuspend(reachedId);
            if (why == null && CannotCarry.isJdk(className)) {
                why = CannotCarry.JDK_METHOD;
            }
            reachedText = " (it reached " + className + "." + method + (why == null ? "" : ": " + why) + ")";
        }
        return head + reachedText + ": a method between them cannot carry the suspension and went on running after it "
                + "(a JDK method calling back into suspendable code, reflection, a method handle, or a method that is not "
                + "@Suspendable), so its state would be lost";
    }

    private static String nameAndDesc(String key) {
        return key.substring(key.lastIndexOf('.', key.indexOf('(') < 0 ? key.length() - 1 : key.indexOf('(')) + 1);
    }

    private static String ownerOf(String key) {
        int paren = key.indexOf('(');
        return key.substring(0, key.lastIndexOf('.', paren < 0 ? key.length() - 1 : paren)).replace('/', '.');
    }

    private static boolean isInSuperclasses(Class<?> c, String className) {
        for (; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
