package io.jcoro.examples.net;

import java.util.Locale;
import java.util.Map;

/** A parsed request head: method, target, version (1.0 or 1.1) and headers (names in lower case). */
record HttpRequest(String method, String target, int minorVersion, Map<String, String> headers) {
    /** The target without its query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to keep it. */
    boolean keepAlive() {
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        return minorVersion >= 1 ? !connection.contains("close") : connection.contains("keep-alive");
    }
}
