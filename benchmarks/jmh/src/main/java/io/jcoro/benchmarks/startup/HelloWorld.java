package io.jcoro.benchmarks.startup;

/** The start-up figure's program: the whole process is timed, with and without the agent. */
public final class HelloWorld {
    private HelloWorld() {}

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
