package io.jcoro.examples.errors;

import io.jcoro.Continuation;

/** Error case: {@code Continuation.suspend()} called outside any continuation. */
public final class SuspendOutside {
    public static void main(String[] args) {
        System.out.println("current: " + Continuation.current());
        Continuation.suspend(); // fails here
    }
}
