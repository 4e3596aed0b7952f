package io.jcoro.examples.errors;

import io.jcoro.examples.support.Suspend;

/** Error case: a suspension inside a constructor fails, naming the constructor and line. */
public final class InConstructor {
    private final int value;

    InConstructor(int v) {
        this.value = Suspend.i(v); // fails here
    }

    public static void main(String[] args) {
        Suspend.run(() -> System.out.println("constructed: " + new InConstructor(3).value));
    }
}
