package io.jcoro.scheduler;

/** Throws any throwable without wrapping it, checked exceptions included. */
final class Sneaky {
    private Sneaky() {}

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
