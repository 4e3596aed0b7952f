package io.jcoro.examples.errors;

import io.jcoro.examples.support.Suspend;

/** Error case: a suspension inside a static initializer fails, naming it and the line. */
public final class InStaticInitializer {
    static final class Holder {
        static final int VALUE;

        static {
            VALUE = Suspend.i(5); // fails here
        }
    }

    public static void main(String[] args) {
        Suspend.run(() -> System.out.println("initialized: " + Holder.VALUE));
    }
}
