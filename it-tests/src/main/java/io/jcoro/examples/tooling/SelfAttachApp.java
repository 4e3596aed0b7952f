package io.jcoro.examples.tooling;

import io.jcoro.Continuation;
import io.jcoro.JCoro;
import io.jcoro.Suspendable;

/**
 * Installs the agent from main with {@code JCoro.install()} (no {@code -javaagent}), then suspends:
 * in a method of this class, which was loaded (and so is retransformed) before the agent came, and
 * in {@link Countdown}, which loads after.
 */
public final class SelfAttachApp {
    public static void main(String[] args) {
        System.out.println("installed before: " + JCoro.isInstalled());
        System.out.println("installed by the first call: " + JCoro.install());
        System.out.println("installed by the second call: " + JCoro.install());
        String[] log = new String[1];
        Continuation c = new Continuation(() -> log[0] = greet("self-attach"));
        c.resume();
        System.out.println("suspended in a class loaded before the agent: " + !c.isDone());
        c.resume();
        System.out.println(log[0] + ", done: " + c.isDone());
        Countdown.run(10);
    }

    @Suspendable
    static String greet(String who) {
        String greeting = "hello " + who;
        Continuation.suspend();
        return greeting;
    }
}
