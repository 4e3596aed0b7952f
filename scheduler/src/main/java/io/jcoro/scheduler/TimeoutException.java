package io.jcoro.scheduler;

import java.time.Duration;

/**
 * Thrown by {@link Coroutines#withTimeout} when time ran out before its body finished. Inside the
 * body, the pending (or next) await threw a {@link java.util.concurrent.CancellationException}, so
 * the body's finally blocks ran; that exception (or whatever the body threw instead) is the cause.
 *
 * <p>It is an ordinary unchecked exception, deliberately not a {@code CancellationException}: a
 * timeout is a failure the caller handles, not a cancellation of the caller's task.
 */
public class TimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public TimeoutException(Duration timeout, Throwable cause) {
        super("timed out after " + timeout.toMillis() + " ms", cause);
        this.timeout = timeout;
    }

    /** The time limit that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
