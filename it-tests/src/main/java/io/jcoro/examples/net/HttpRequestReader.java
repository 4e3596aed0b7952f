package io.jcoro.examples.net;

import io.jcoro.Suspendable;
import io.jcoro.scheduler.net.AsyncSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 requests from one connection: buffers bytes until a whole request head (request line
 * and headers, ended by an empty line) has arrived, has {@link HttpHeadParser} parse it, and skips the
 * request's body. Bytes after a request stay buffered for the next one (pipelining). The head must
 * fit in {@code maxHeadBytes}, else 431.
 */
final class HttpRequestReader {
    /** The largest request body the server reads (and discards); larger is a 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * How many empty lines (CRLF or LF) before a request line are ignored (RFC 9112 2.2 asks for at
     * least one; clients that add a CRLF after a body send one or two); one more is a 400 and close,
     * so that a client cannot keep the server reading and discarding forever. Apache httpd has the
     * same limit.
     */
    static final int MAX_EMPTY_LINES_BEFORE_REQUEST = 10;

    private final AsyncSocket socket;
    private final byte[] data;
    // start <= scanned <= end, all indices into data, moved together when fill() compacts
    private int start; // first unconsumed byte
    private int scanned; // where the search for the end of the head resumes: none ends before it
    private int end; // one past the last received byte

    HttpRequestReader(AsyncSocket socket, int maxHeadBytes) {
        this.socket = socket;
        this.data = new byte[maxHeadBytes];
    }

    /** Whether part of a request has arrived (so an idle timeout interrupts a request, not a pause). */
    boolean hasPartialRequest() {
        return end > start;
    }

    /**
     * The next request, or {@code null} when the peer closed the connection (between requests or in
     * the middle of one).
     *
     * @throws HttpError for a request the server rejects
     */
    @Suspendable
    HttpRequest next() throws IOException {
        int emptyLines = 0;
        while (true) {
            emptyLines += skipEmptyLines(MAX_EMPTY_LINES_BEFORE_REQUEST + 1 - emptyLines);
            if (emptyLines > MAX_EMPTY_LINES_BEFORE_REQUEST) {
                throw new HttpError(400, "more than " + MAX_EMPTY_LINES_BEFORE_REQUEST
                        + " empty lines before the request line");
            }
            int headEnd = findHeadEnd();
            if (headEnd >= 0) {
                String head = new String(data, start, headEnd - start, StandardCharsets.ISO_8859_1);
                HttpRequest request = HttpHeadParser.parse(head);
                consume(headEnd - start);
                skipBody(request);
                return request;
            }
            if (end - start >= data.length) {
                throw new HttpError(431, "the request line and headers exceed " + data.length + " bytes");
            }
            if (fill() < 0) {
                return null;
            }
        }
    }

    /** Reads more bytes into the buffer (moving unconsumed bytes to its front first); -1 at EOF. */
    @Suspendable
    private int fill() throws IOException {
        if (end == data.length) {
            System.arraycopy(data, start, data, 0, end - start);
            scanned -= start;
            end -= start;
            start = 0;
        }
        int n = socket.read(ByteBuffer.wrap(data, end, data.length - end));
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** Drops {@code n} bytes from the front of the unconsumed ones. */
    private void consume(int n) {
        start += n;
        scanned = Math.max(scanned, start);
    }

    /**
     * Drops up to {@code max} empty lines (CRLF or a bare LF) at the front and returns how many it
     * dropped. A CR not followed by LF stays, and makes the request line malformed.
     */
    private int skipEmptyLines(int max) {
        int lines = 0;
        while (lines < max && start < end) {
            if (data[start] == '\n') {
                consume(1);
            } else if (data[start] == '\r' && start + 1 < end && data[start + 1] == '\n') {
                consume(2);
            } else {
                break;
            }
            lines++;
        }
        return lines;
    }

    /**
     * The index just past the empty line that ends the head (CRLF CRLF, or bare LFs), or -1 if it
     * has not arrived yet; then {@code scanned} is where the search goes on once more bytes are in.
     */
    private int findHeadEnd() {
        for (; scanned < end; scanned++) {
            if (data[scanned] != '\n') {
                continue;
            }
            int next = scanned + 1;
            if (next < end && data[next] == '\n') {
                return next + 1;
            }
            if (next + 1 < end && data[next] == '\r' && data[next + 1] == '\n') {
                return next + 2;
            }
            if (next == end || (next + 1 == end && data[next] == '\r')) {
                return -1; // the line after this LF has not arrived far enough to tell whether it is empty
            }
        }
        return -1;
    }

    /** Reads and drops the request's body, if it has one. */
    @Suspendable
    private void skipBody(HttpRequest request) throws IOException {
        if (request.headers().containsKey("transfer-encoding")) {
            throw new HttpError(501, "transfer codings are not supported");
        }
        String length = request.headers().get("content-length");
        if (length == null) {
            return;
        }
        if (!length.matches("[0-9]{1,9}")) {
            throw new HttpError(400, "bad content-length: " + HttpHeadParser.printable(length));
        }
        long remaining = Long.parseLong(length);
        if (remaining > MAX_BODY_BYTES) {
            throw new HttpError(413, "a body of " + remaining + " bytes is over " + MAX_BODY_BYTES);
        }
        while (remaining > 0) {
            if (start == end && fill() < 0) {
                throw new HttpError(400, "the body ended early");
            }
            int skip = (int) Math.min(remaining, end - start);
            consume(skip);
            remaining -= skip;
        }
    }
}
