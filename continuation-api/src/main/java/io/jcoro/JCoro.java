package io.jcoro;

import io.jcoro.internal.WovenCalls;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Installs the jcoro agent into the running JVM, for programs and tests that cannot add
 * {@code -javaagent:jcoro-agent.jar} to their command line. {@code jcoro-agent.jar} must be on the
 * class path: it attaches itself (dynamic attach through its shaded byte-buddy-agent), registers its
 * transformer and retransforms the classes already loaded, so call it first thing in {@code main},
 * before any coroutine runs.
 *
 * <pre>
 * public static void main(String[] args) {
 *     JCoro.install();
 *     ... // suspendable code works from here on
 * }
 * </pre>
 *
 * <p>Idempotent, and harmless when the agent is already present ({@code -javaagent}, an executable
 * jar's {@code Launcher-Agent-Class}, or an earlier call).
 *
 * <p>JDK notes: on JDK 21 and newer, a dynamically loaded agent prints a warning unless the JVM runs
 * with {@code -XX:+EnableDynamicAgentLoading}. The JVM allows a process to attach to itself only
 * with {@code -Djdk.attach.allowAttachSelf=true}; without it, the attach is made from a short-lived
 * helper JVM (started with the same {@code java} launcher), which works but costs a JVM start.
 */
public final class JCoro {
    private static final String INSTALLER = "io.jcoro.agent.SelfAttach";

    private JCoro() {}

    /**
     * Installs the agent with default options, unless it is installed already.
     *
     * @return {@code true} when this call installed it, {@code false} when it was present
     * @throws IllegalStateException when jcoro-agent.jar is not on the class path or the JVM refuses
     *     the attach (the message says why)
     */
    public static boolean install() {
        return install("");
    }

    /**
     * Installs the agent with {@code options}, written as after {@code -javaagent:jcoro-agent.jar=}
     * (for example {@code "verbose,strict"}), unless it is installed already (then the options are
     * ignored).
     */
    public static boolean install(String options) {
        Method install;
        try {
            install = Class.forName(INSTALLER, true, JCoro.class.getClassLoader()).getMethod("install", String.class);
        } catch (ClassNotFoundException e) {
            if (WovenCalls.isAgentInstalled()) {
                return false;
            }
            throw new IllegalStateException("JCoro.install() needs jcoro-agent.jar on the class path (it was not "
                    + "found: " + e.getMessage() + "); or start the JVM with -javaagent:jcoro-agent.jar", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("jcoro-agent.jar on the class path does not match this jcoro version", e);
        }
        try {
            return (Boolean) install.invoke(null, options);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether the agent is installed in this JVM (by any means). */
    public static boolean isInstalled() {
        return WovenCalls.isAgentInstalled();
    }
}
