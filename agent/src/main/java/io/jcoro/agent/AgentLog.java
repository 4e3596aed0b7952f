package io.jcoro.agent;

/**
 * The agent's logger, made when first used: {@code System.getLogger} starts the platform's logging
 * (java.util.logging and its configuration, some fifty classes), which a run that logs nothing should
 * not pay for at start-up.
 */
public final class AgentLog {
    private AgentLog() {}

    private static final class Holder {
        static final System.Logger LOG = System.getLogger("io.jcoro.agent");
    }

    public static void log(System.Logger.Level level, String message) {
        Holder.LOG.log(level, message);
    }

    public static void log(System.Logger.Level level, String message, Throwable t) {
        Holder.LOG.log(level, message, t);
    }
}
