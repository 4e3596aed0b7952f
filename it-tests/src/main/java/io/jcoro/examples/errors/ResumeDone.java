package io.jcoro.examples.errors;

import io.jcoro.Continuation;

/** Error case: {@code resume()} on a continuation that is done. */
public final class ResumeDone {
    public static void main(String[] args) {
        Continuation c = new Continuation(() -> System.out.println("body ran"));
        c.resume();
        System.out.println("done: " + c.isDone());
        c.resume(); // fails here
    }
}
