package io.jcoro;

/**
 * What a {@link Generator}'s suspended {@code yield} throws inside the body when the consumer closes the
 * iteration early ({@link Generator.Iteration#close()}, or closing a {@link Generator#stream()}): it
 * unwinds the body, so its {@code finally} blocks and try-with-resources run, as Python's
 * {@code GeneratorExit}.
 *
 * <p>The body should let it through. A body may catch it to do something on the way out, but must
 * rethrow it (or return); the close swallows it once the body has ended. A body that catches it and
 * yields again breaks the close: that {@code yield} throws {@link IllegalStateException} (and a further
 * one abandons the run without unwinding it), and the close throws that {@code IllegalStateException}.
 *
 * <p>An unchecked exception, as the {@link java.util.concurrent.CancellationException} a cancelled
 * task's {@code Async.await} throws: so a body that catches {@code RuntimeException} around a
 * {@code yield} catches it too, and should rethrow it.
 */
public final class GeneratorClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GeneratorClosedException() {
        super("the generator was closed while its body was suspended in this yield; this exception unwinds "
                + "the body so that its finally blocks run: let it through (or rethrow it)");
    }
}
