package io.jcoro.examples.net;

import java.util.Map;

/**
 * A parsed request head: method, target (in origin form, {@code /path?query}), version (1.0 or 1.1)
 * and headers (names in lower case, repeated fields joined with {@code ", "}).
 */
record HttpRequest(String method, String target, int minorVersion, Map<String, String> headers) {
    /** The target without its query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * HTTP/1.1 keeps the connection unless the {@code close} option is among the {@code Connection}
     * header's; HTTP/1.0 only when {@code keep-alive} is among them and {@code close} is not. The
     * header is a comma-separated list of case-insensitive tokens (RFC 9110 7.6.1).
     */
    boolean keepAlive() {
        if (hasConnectionOption("close")) {
            return false;
        }
        return minorVersion >= 1 || hasConnectionOption("keep-alive");
    }

    private boolean hasConnectionOption(String option) {
        for (String element : headers.getOrDefault("connection", "").split(",", -1)) {
            if (element.strip().equalsIgnoreCase(option)) {
                return true;
            }
        }
        return false;
    }
}
