package io.jcoro.it.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 test client on a plain {@link Socket}: sends raw bytes, parses responses
 * (status line, headers, a Content-Length body), and tells when the server closed the connection.
 * Every read is bounded by a socket timeout.
 */
final class HttpTestClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpTestClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** A GET /hello request whose head (up to and including the empty line) is exactly {@code length} bytes. */
    static String getOfLength(int length) {
        String start = "GET /hello HTTP/1.1\r\nX-Pad: ";
        String end = "\r\n\r\n";
        if (length < start.length() + end.length()) {
            throw new IllegalArgumentException("a request with X-Pad has at least 32 bytes, not " + length);
        }
        return start + "p".repeat(length - start.length() - end.length()) + end;
    }

    HttpTestClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    Response exchange(String raw) throws IOException {
        return send(raw).read(true);
    }

    /**
     * Reads one response; {@code withBody} false for a response to HEAD. A server that stalls fails
     * this after the read timeout, with a message that says so.
     */
    Response read(boolean withBody) throws IOException {
        try {
            return readResponse(withBody);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no complete response within " + READ_TIMEOUT_MILLIS
                    + " ms: the server stalled (" + e.getMessage() + ")");
        }
    }

    private Response readResponse(boolean withBody) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection before responding");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("HTTP/1.1")) {
            throw new IOException("bad status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = withBody ? in.readNBytes(length) : new byte[0];
        if (body.length < (withBody ? length : 0)) {
            throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
        }
        return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server has closed the connection (the next read is the end of the stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Resets the connection instead of closing it (SO_LINGER 0): a client that vanishes. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
