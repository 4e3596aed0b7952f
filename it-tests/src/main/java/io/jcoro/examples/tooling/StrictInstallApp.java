package io.jcoro.examples.tooling;

import io.jcoro.JCoro;

/**
 * Loads the class named by the first argument, then installs the agent in strict mode: a
 * transformation error in a class loaded before makes the install fail with that error.
 */
public final class StrictInstallApp {
    public static void main(String[] args) throws ClassNotFoundException {
        Class.forName(args[0]);
        try {
            JCoro.install("strict");
            System.out.println("installed without error");
        } catch (IllegalStateException e) {
            System.out.println("install failed: " + e.getMessage());
        }
    }
}
