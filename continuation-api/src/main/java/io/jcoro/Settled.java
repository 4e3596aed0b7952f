package io.jcoro;

/**
 * One outcome reported by {@link Promise#allSettled}: the value of a promise that succeeded
 * ({@code error == null}) or the failure of one that failed.
 *
 * @param value the value when the promise succeeded (may itself be {@code null}); {@code null} otherwise
 * @param error the failure when the promise failed; {@code null} when it succeeded
 */
public record Settled<T>(T value, Throwable error) {
    public boolean succeeded() {
        return error == null;
    }

    public static <T> Settled<T> success(T value) {
        return new Settled<>(value, null);
    }

    public static <T> Settled<T> failure(Throwable error) {
        if (error == null) {
            throw new NullPointerException("error");
        }
        return new Settled<>(null, error);
    }
}
