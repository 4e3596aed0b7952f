package io.jcoro;

import java.util.List;

/**
 * The failure of {@link Promise#any} when every input failed (JavaScript's {@code AggregateError}).
 * {@link #errors()} lists the failures in the order of the inputs, and each is also attached as a
 * suppressed exception, so a logged stack trace shows them all.
 */
public final class AggregateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> errors;

    public AggregateException(String message, List<? extends Throwable> errors) {
        super(message);
        this.errors = List.copyOf(errors);
        for (Throwable e : this.errors) {
            addSuppressed(e);
        }
    }

    /** Every input's failure, in input order. */
    public List<Throwable> errors() {
        return errors;
    }
}
