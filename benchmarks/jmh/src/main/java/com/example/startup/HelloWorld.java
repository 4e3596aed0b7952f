package com.example.startup;

/**
 * The start-up figure's program: the whole process is timed, with and without the agent. In a package of
 * a user's, not under {@code io/jcoro/}: the agent looks harder at classes that name jcoro, and a class
 * there names it by its own name.
 */
public final class HelloWorld {
    private HelloWorld() {}

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
