package io.jcoro.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * The stack walk: checks, while a whole chain is on the stack, that every frame between a suspension
 * and the continuation running it can carry the suspension: rewritten by the agent, a lambda proxy
 * (a stateless forwarder), or the store's own forwarding {@code runBody} ({@link ForwardingCoroutine}).
 * The first frame that cannot (a JDK method calling back into suspendable code, reflection, a method
 * handle) is named in the error, with its source line and what to do.
 *
 * <p>A walk costs microseconds, so it is not what makes suspensions safe: {@link CalleeCheck} is,
 * after every call, in a few nanoseconds. The walk runs where it adds what the callee check cannot:
 * <ul>
 *   <li>at the innermost frame of a suspension, the first time a site suspends for a body class, so
 *       that the common mistake fails before any frame has returned and with the exact frame named;
 *   <li>when a coroutine resumes after a suspension whose callee check could not decide (a lambda
 *       proxy it had not seen), since the restored chain is the one that was saved;
 *   <li>at every capture in a method that code jcoro does not weave may call (the callback of a JDK
 *       functional interface declared suspendable), only the frame below it ({@link #checkCaller});
 *   <li>at every suspension with {@code -Djcoro.debug.checkFrames=true}.
 * </ul>
 * Each walk also learns which method each lambda proxy on the stack calls ({@link ProxyTargets}).
 */
final class ChainCheck {
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.SHOW_HIDDEN_FRAMES, StackWalker.Option.SHOW_REFLECT_FRAMES,
                    StackWalker.Option.RETAIN_CLASS_REFERENCE)); // getDescriptor() needs it on newer JDKs
    private static final String CONTINUATION = "io.jcoro.Continuation";

    private ChainCheck() {}

    /** Whether a frame belongs to jcoro's runtime above the coroutine's code (the walk starts below them). */
    private static boolean isRuntimeFrame(StackWalker.StackFrame f) {
        String cls = f.getClassName();
        return cls.startsWith("io.jcoro.internal.") || (cls.equals(CONTINUATION) && f.getMethodName().equals("suspend"));
    }

    /** Whether the frame is the {@code runBody} of a store that only forwards to its body. */
    private static boolean isForwardingRunBody(StackWalker.StackFrame f) {
        return f.getMethodName().equals("runBody") && ForwardingCoroutine.class.isAssignableFrom(f.getDeclaringClass());
    }

    private static boolean isLambdaProxy(StackWalker.StackFrame f) {
        return f.getClassName().contains("$$Lambda") && f.getDeclaringClass().isHidden();
    }

    /** The frame's method key; a second entry's frame is its method's (the same code from its dispatch on). */
    private static String key(StackWalker.StackFrame f) {
        String descriptor = f.getDescriptor();
        if (descriptor.contains(SECOND_ENTRY_PARAMETER) && isSecondEntry(f)) {
            descriptor = methodDescriptor(descriptor);
        }
        return f.getClassName().replace('.', '/') + "." + f.getMethodName() + descriptor;
    }

    private static final String SECOND_ENTRY_PARAMETER = "Lio/jcoro/internal/Coroutine;)";

    /**
     * The descriptor of the method a second entry (the weaver's copy of a woven method that a restore
     * in its class calls with the store as an extra last argument) belongs to: without that argument.
     */
    static String methodDescriptor(String descriptor) {
        int store = descriptor.indexOf(SECOND_ENTRY_PARAMETER);
        return descriptor.substring(0, store) + descriptor.substring(store + SECOND_ENTRY_PARAMETER.length() - 1);
    }

    /**
     * Whether a frame whose last parameter is the store runs a second entry (private and synthetic)
     * rather than a method of someone's that takes a store: only a second entry counts as its method.
     * Reflection, on this slow path only, and only for such frames.
     */
    private static boolean isSecondEntry(StackWalker.StackFrame f) {
        try {
            Method m = f.getDeclaringClass().getDeclaredMethod(f.getMethodName(), f.getMethodType().parameterArray());
            return m.isSynthetic() && Modifier.isPrivate(m.getModifiers());
        } catch (NoSuchMethodException | SecurityException | LinkageError e) {
            return false;
        }
    }

    /** The frame's method in the registry (by its class's loader), or 0 when jcoro never named it. */
    private static int id(StackWalker.StackFrame f) {
        return MethodRegistry.find(f.getDeclaringClass().getClassLoader(), key(f));
    }

    /**
     * Walks the stack from the innermost frame of the coroutine's code down to {@code Coroutine.resume}.
     * Returns null when every frame in between can carry a suspension, else an error message naming the
     * first frame that cannot, and why.
     */
    static String verify() {
        return WALKER.walk(frames -> {
            String problem = null;
            StackWalker.StackFrame callee = null;
            int calleeId = 0;
            boolean inside = false;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (!inside) {
                    inside = !isRuntimeFrame(f);
                    if (!inside) {
                        continue;
                    }
                }
                String cls = f.getClassName();
                if (cls.equals("io.jcoro.internal.Coroutine") && f.getMethodName().equals("resume")) {
                    return problem;
                }
                if (isLambdaProxy(f)) {
                    if (calleeId != 0) {
                        ProxyTargets.learn(f.getDeclaringClass(), calleeId);
                    }
                    continue; // a lambda proxy only forwards
                }
                if (isForwardingRunBody(f)) {
                    continue; // forwards to the body
                }
                int id = id(f);
                boolean woven = MethodRegistry.isWoven(id);
                if (problem == null && !woven) {
                    problem = "cannot suspend at " + WovenCalls.describe(f) + ": " + CannotCarry.reason(cls, f.getMethodName(),
                            id, callee == null ? null : callee.getClassName() + "." + callee.getMethodName());
                }
                calleeId = woven ? id : 0;
                callee = f;
            }
            return problem != null ? problem : "the stack walk did not find the continuation's frame "
                    + "(Coroutine.resume) below the suspension";
        });
    }

    /**
     * The frame that called the capturing method (past lambda proxies): null when it can carry a
     * suspension (rewritten, or a store's forwarding {@code runBody}), else the error naming it.
     */
    static String checkCaller() {
        return WALKER.walk(frames -> {
            StackWalker.StackFrame capturing = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (capturing == null) {
                    if (!isRuntimeFrame(f)) {
                        capturing = f;
                    }
                    continue;
                }
                if (isLambdaProxy(f)) {
                    continue;
                }
                String cls = f.getClassName();
                int id = id(f);
                if (isForwardingRunBody(f) || MethodRegistry.isWoven(id)) {
                    return null;
                }
                return "cannot suspend at " + WovenCalls.describe(f) + ": " + CannotCarry.reason(cls, f.getMethodName(), id,
                        capturing.getClassName() + "." + capturing.getMethodName());
            }
            return null;
        });
    }

    /** The innermost frame of the coroutine's code (below jcoro's runtime), described for an error. */
    static String describeCodeFrame() {
        return WALKER.walk(frames -> frames.filter(f -> !isRuntimeFrame(f)).findFirst()
                .map(WovenCalls::describe).orElse("an unknown place"));
    }

    /**
     * For a woven method entered while its coroutine is suspending: the frame that called it (past any
     * lambda proxy), which went on running after a suspension, and why. {@code savedKey} is the method
     * whose frame was saved last.
     */
    static String callerOfEntered(String savedKey) {
        return WALKER.walk(frames -> {
            StackWalker.StackFrame entered = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (isRuntimeFrame(f) || isLambdaProxy(f)) {
                    continue;
                }
                if (entered == null) {
                    entered = f;
                    continue;
                }
                String caller = WovenCalls.describe(f) + " (which called " + WovenCalls.describe(entered) + ")";
                int id = id(f);
                if (MethodRegistry.isWoven(id) && savedKey != null) {
                    return caller + ": " + CannotCarry.throughUnsuspendableCall(f.getClassName() + "." + f.getMethodName(),
                            savedKey, f.getDeclaringClass().getClassLoader());
                }
                return caller + " went on running after a suspendable call suspended: " + CannotCarry.reason(
                        f.getClassName(), f.getMethodName(), id, entered.getClassName() + "." + entered.getMethodName());
            }
            return "an unknown caller went on running after a suspendable call suspended";
        });
    }
}
