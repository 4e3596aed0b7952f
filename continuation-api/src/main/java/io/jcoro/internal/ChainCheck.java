package io.jcoro.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies, with one stack walk, that every frame between a suspension and the continuation running
 * it was rewritten by the agent, so that none of them goes on running after the suspension and loses
 * its state (a plain JDK method such as {@code List.forEach} calling back into suspendable code,
 * reflection, method handles). Lambda proxies, stateless forwarders, are allowed.
 *
 * <p>The walk costs microseconds, so it runs once per innermost suspension point, not per
 * suspension. It also learns, per body class, which method is the body's root frame; when the body
 * returns while suspending, {@link FrameStore} checks that the root saved its frame last, which
 * catches an unrewritten frame on a chain whose suspension point had been verified through another
 * chain.
 */
final class ChainCheck {
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.SHOW_HIDDEN_FRAMES, StackWalker.Option.SHOW_REFLECT_FRAMES,
                    StackWalker.Option.RETAIN_CLASS_REFERENCE)); // getDescriptor() needs it on newer JDKs
    private static final String BODY_STORE = BodyStore.class.getName();
    private static final Set<String> VERIFIED_SITES = ConcurrentHashMap.newKeySet();
    private static final ClassValue<String[]> ROOT_KEYS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return new String[1];
        }
    };

    private ChainCheck() {}

    /** The method key of the body's root frame, interned, or null while no suspension taught it. */
    static String rootKey(Class<?> bodyClass) {
        return ROOT_KEYS.get(bodyClass)[0];
    }

    static boolean isVerified(String site, Class<?> bodyClass) {
        return rootKey(bodyClass) != null && VERIFIED_SITES.contains(site);
    }

    /** "cannot suspend at {frame}: {reason}", in the words of the guard the agent put there if any. */
    private static String describeProblem(StackWalker.StackFrame frame, String key, StackWalker.StackFrame callee) {
        String cls = frame.getClassName();
        String method = frame.getMethodName();
        String reason = MethodRegistry.reasonItCannotSuspend(key);
        if (reason == null) {
            if (method.equals("<init>")) {
                reason = "a constructor cannot suspend (the object under construction cannot be saved); "
                        + "call the suspending code after construction";
            } else if (method.equals("<clinit>")) {
                reason = "a static initializer cannot suspend (class initialization must finish on one thread); "
                        + "move the suspending code out of it";
            } else if (cls.startsWith("java.lang.invoke.")) {
                reason = "a method handle cannot carry a suspension; call the suspendable method directly";
            } else if (cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")) {
                reason = "reflection cannot carry a suspension; call the suspendable method directly";
            } else if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                    || cls.startsWith("javax.")) {
                reason = "a JDK method cannot carry a suspension; call the suspendable code from a loop in "
                        + "suspendable code instead of from a JDK callback";
            } else {
                reason = cls + "." + method + " calls a suspendable method ("
                        + (callee == null ? "?" : callee.getClassName() + "." + callee.getMethodName())
                        + ") but is not @Suspendable itself, so its state would be lost; annotate it @Suspendable";
            }
        }
        return "cannot suspend at " + Frames.describe(frame) + ": " + reason;
    }

    /**
     * Walks the stack from the innermost rewritten frame (the caller of {@code Frames.capture}) down to
     * {@code FrameStore.resume}. Returns null when every frame in between was rewritten, else an error
     * message naming the first frame that was not, and why it cannot suspend.
     */
    static String verify(String site, Class<?> bodyClass) {
        String[] result = WALKER.walk(frames -> {
            String problem = null;
            String root = null;
            StackWalker.StackFrame callee = null;
            boolean inside = false;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String cls = f.getClassName();
                if (!inside) {
                    inside = !cls.startsWith("io.jcoro.internal.");
                    if (!inside) {
                        continue;
                    }
                }
                if (cls.equals("io.jcoro.internal.FrameStore") && f.getMethodName().equals("resume")) {
                    return new String[] {problem, root};
                }
                if (cls.contains("$$Lambda") || cls.equals(BODY_STORE)) {
                    continue; // a lambda proxy and a BodyStore only forward
                }
                String key = cls.replace('.', '/') + "." + f.getMethodName() + f.getDescriptor();
                if (problem == null && !MethodRegistry.isWoven(key)) {
                    problem = describeProblem(f, key, callee);
                }
                root = key;
                callee = f;
            }
            return new String[] {problem, null};
        });
        if (result[0] == null && result[1] != null) {
            ROOT_KEYS.get(bodyClass)[0] = result[1].intern();
            VERIFIED_SITES.add(site);
        }
        return result[0];
    }
}
