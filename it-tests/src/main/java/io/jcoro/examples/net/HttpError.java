package io.jcoro.examples.net;

/** A request the server answers with an error status and then closes the connection. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;

    HttpError(int status, String detail) {
        super(status + " " + detail, null, false, false);
        this.status = status;
    }
}
