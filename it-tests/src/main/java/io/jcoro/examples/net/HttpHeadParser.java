package io.jcoro.examples.net;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses a request head (request line and header lines, as ISO-8859-1 text); a malformed one is a 400. */
final class HttpHeadParser {
    private HttpHeadParser() {}

    static HttpRequest parse(String head) {
        String[] lines = head.split("\n", -1);
        String requestLine = stripCr(lines[0]);
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || parts[1].charAt(0) != '/'
                || hasControlOrSpace(parts[1])) {
            throw new HttpError(400, "malformed request line: " + printable(requestLine));
        }
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
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpRequest(parts[0], parts[1], minor, headers);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
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

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
