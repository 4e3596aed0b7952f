package io.jcoro.examples.net;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a request head (request line and header lines, as ISO-8859-1 text) by RFC 9112; a malformed
 * one is a 400. Lines may end in CRLF or a bare LF (RFC 9112 2.2). The target is in origin form
 * ({@code /path?query}) or absolute form ({@code http://host/path?query}, RFC 9112 3.2.2), which is
 * reduced to its origin form. A field value may hold visible characters, spaces and tabs, but no
 * other control character: NUL or a bare CR in a value is a 400 (RFC 9110 5.5).
 */
final class HttpHeadParser {
    private HttpHeadParser() {}

    static HttpRequest parse(String head) {
        String[] lines = head.split("\n", -1);
        String requestLine = stripCr(lines[0]);
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || hasControlOrSpace(parts[1])) {
            throw new HttpError(400, "malformed request line: " + printable(requestLine));
        }
        String target = originForm(parts[1]);
        int minor;
        if (parts[2].equals("HTTP/1.1")) {
            minor = 1;
        } else if (parts[2].equals("HTTP/1.0")) {
            minor = 0;
        } else if (parts[2].matches("HTTP/[0-9]\\.[0-9]")) {
            throw new HttpError(505, "version " + parts[2] + " is not supported");
        } else {
            throw new HttpError(400, "malformed request line: " + printable(requestLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isEmpty()) {
                continue; // the final empty line
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpError(400, "malformed header line: " + printable(line));
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = stripOws(line.substring(colon + 1));
            if (hasControlOtherThanTab(value)) {
                throw new HttpError(400, "a control character (NUL, bare CR, ...) in the value of " + name);
            }
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpRequest(parts[0], target, minor, headers);
    }

    /**
     * The target in origin form: as it is when it starts with {@code /}; for an absolute-form
     * {@code http} or {@code https} URI with a host, its path (an empty one is {@code /}) and query.
     * The host is not checked against the server's: this server answers for any host.
     */
    private static String originForm(String target) {
        if (target.charAt(0) == '/') {
            return target;
        }
        int colon = target.indexOf(':');
        String scheme = colon < 0 ? "" : target.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || !target.startsWith("//", colon + 1)) {
            throw new HttpError(400, "the target is neither /path nor http://host/path: " + printable(target));
        }
        int authority = colon + 3;
        int path = authority;
        while (path < target.length() && "/?#".indexOf(target.charAt(path)) < 0) {
            path++;
        }
        String host = target.substring(authority, path);
        if (host.isEmpty() || host.startsWith(":") || host.contains("@")) {
            throw new HttpError(400, "an http URI needs a host and no user info (RFC 9110 4.2): "
                    + printable(target));
        }
        String rest = target.substring(path);
        if (rest.startsWith("#")) {
            throw new HttpError(400, "a fragment in the target: " + printable(target));
        }
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Drops optional whitespace (SP and HTAB only, RFC 9110 5.6.3) from both ends. */
    private static String stripOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** RFC 9110 token characters. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlOrSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= ' ' || s.charAt(i) == 127) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlOtherThanTab(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 127) {
                return true;
            }
        }
        return false;
    }

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
