package io.jcoro.examples.tooling;

import io.jcoro.JCoro;

/**
 * The main class of an executable jar whose manifest names the agent as {@code Launcher-Agent-Class}:
 * {@code java -jar app.jar} starts the agent before main, with no {@code -javaagent} and no code.
 */
public final class LauncherAgentApp {
    public static void main(String[] args) {
        System.out.println("agent installed before main: " + JCoro.isInstalled());
        Countdown.run(5);
    }
}
