package io.jcoro.it;

/** The three ways every example runs; the first is the ground truth the other two must match. */
enum Mode {
    /** No agent, nothing suspends: plain Java. */
    PLAIN(false, "never"),
    /** Under the agent, nothing suspends: the instrumented fast path. */
    AGENT_NEVER(true, "never"),
    /** Under the agent, every suspension point suspends. */
    AGENT_ALWAYS(true, "always");

    private final boolean agent;
    private final String suspend;

    Mode(boolean agent, String suspend) {
        this.agent = agent;
        this.suspend = suspend;
    }

    boolean agent() {
        return agent;
    }

    /** The value of the jcoro.suspend property. */
    String suspend() {
        return suspend;
    }
}
