package io.jcoro.it.net;

import io.jcoro.agent.JcoroAgent;
import net.bytebuddy.agent.ByteBuddyAgent;

/** Installs the jcoro agent into this test JVM (dynamic self-attach), so that the socket tests can suspend. */
public final class InJvmAgent {
    private InJvmAgent() {}

    public static synchronized void install() {
        if (!JcoroAgent.isInstalled()) {
            JcoroAgent.install(null, ByteBuddyAgent.install());
        }
    }
}
