package io.jcoro.scheduler;

import io.jcoro.agent.JcoroAgent;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs the jcoro agent into this test JVM (dynamic self-attach) so that unit tests here can
 * suspend: classes loaded before are retransformed, classes loaded after are transformed on load.
 */
final class WithAgent {
    private WithAgent() {}

    static synchronized void install() {
        if (!JcoroAgent.isInstalled()) {
            JcoroAgent.install(null, ByteBuddyAgent.install());
        }
    }
}
