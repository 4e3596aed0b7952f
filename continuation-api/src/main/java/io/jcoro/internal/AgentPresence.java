package io.jcoro.internal;

/**
 * Whether the jcoro agent runs in this JVM. A class of its own, so that the agent can say so while the
 * JVM starts without initialising {@link WovenCalls} (its thread-locals and var handle start the
 * {@code java.lang.invoke} machinery, milliseconds a program that never suspends should not pay).
 */
public final class AgentPresence {
    private static volatile boolean installed;

    private AgentPresence() {}

    /** Called by the agent once its transformer is registered. */
    public static void markInstalled() {
        installed = true;
    }

    public static boolean isInstalled() {
        return installed;
    }
}
