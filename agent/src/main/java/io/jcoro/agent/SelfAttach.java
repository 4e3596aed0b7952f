package io.jcoro.agent;

import io.jcoro.internal.WovenCalls;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs the agent into the running JVM: {@code io.jcoro.JCoro.install()} calls it. byte-buddy-agent
 * (shaded into the agent jar) attaches to this JVM and hands over an {@link Instrumentation}; then
 * {@link JcoroAgent#install} registers the transformer and retransforms the classes already loaded.
 *
 * <p>byte-buddy-agent attaches directly when the JVM allows it ({@code -Djdk.attach.allowAttachSelf=true})
 * and otherwise from a helper JVM it starts with the same {@code java} launcher.
 */
public final class SelfAttach {
    private SelfAttach() {}

    /**
     * Installs the agent with {@code options} unless it is installed already.
     *
     * @return {@code true} when this call installed it
     * @throws IllegalStateException when the JVM cannot attach to itself (the message says why)
     */
    public static synchronized boolean install(String options) {
        if (JcoroAgent.isInstalled()) {
            return false;
        }
        Instrumentation inst;
        try {
            inst = ByteBuddyAgent.install();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalStateException("jcoro could not attach its agent to this JVM (" + e.getMessage() + "); "
                    + "start the JVM with -javaagent:jcoro-agent.jar instead, or make sure it runs on a JDK (not a "
                    + "JRE without the jdk.attach module) and does not disable attach (-XX:+DisableAttachMechanism)", e);
        }
        if (!inst.isRetransformClassesSupported()) {
            throw new IllegalStateException("jcoro attached to this JVM, but the JVM does not support retransforming "
                    + "loaded classes; start it with -javaagent:jcoro-agent.jar instead");
        }
        JcoroAgent.install(options, inst);
        return WovenCalls.isAgentInstalled();
    }
}
