package io.jcoro.weaver.hierarchy;

/**
 * The weaver's warnings (an unreadable or malformed declarations file), through a logger made when first
 * used: {@code System.getLogger} starts the platform's logging (some fifty classes), which an agent that
 * warns of nothing should not pay for at start-up.
 */
final class Warnings {
    private Warnings() {}

    private static final class Holder {
        static final System.Logger LOG = System.getLogger("io.jcoro.weaver");
    }

    static void warn(String message) {
        Holder.LOG.log(System.Logger.Level.WARNING, message);
    }
}
