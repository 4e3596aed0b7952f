package io.jcoro.scheduler.sync;

/**
 * A send on a closed {@link Channel} (its element was not sent), or a receive from a channel that is
 * closed and has no element left.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
