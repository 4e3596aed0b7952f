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
 * <p><b>Why an {@code Error}.</b> It is a control-flow signal, not a failure to handle, and ordinary
 * handlers must not stop it: a body often has to catch {@code Exception} (a try-with-resources over an
 * {@link AutoCloseable}, whose {@code close()} throws {@code Exception}, an API with checked exceptions),
 * and such a handler must not end the unwinding halfway and carry on. So it is not an
 * {@code Exception}, for the reason Python's {@code GeneratorExit} is not one (and {@code ThreadDeath} is
 * an {@code Error}); only a {@code catch (Throwable)} or {@code catch (Error)} catches it, and such a
 * handler should rethrow it. It never reaches the consumer: the close swallows it.
 */
public final class GeneratorClosedException extends Error {
    private static final long serialVersionUID = 1L;

    GeneratorClosedException() {
        super("the generator was closed while its body was suspended in this yield; this exception unwinds "
                + "the body so that its finally blocks run: let it through (or rethrow it)");
    }
}
