package io.jcoro.agent.verify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the failing method and the reason out of a HotSpot {@link VerifyError} message. */
final class VerifyErrorLocation {
    /** The type-checking verifier: "Location:\n    pkg/C.m(I)V @12: invokevirtual". */
    private static final Pattern TYPE_CHECKER = Pattern.compile("Location:\\s+(\\S+) @(\\d+)");
    private static final Pattern REASON = Pattern.compile("Reason:\\s+(.*)");
    /** The type-inferring verifier (class files before Java 6): "(class: pkg/C, method: m signature: (I)V) ...". */
    private static final Pattern TYPE_INFERENCER = Pattern.compile("\\(class: ([^,]+), method: (\\S+) signature: ([^)]*\\)\\S*)\\) (.*)");

    private VerifyErrorLocation() {}

    /** "pkg/C.m(I)V", or {@code fallback} when the message names no method. */
    static String method(VerifyError e, String fallback) {
        String message = String.valueOf(e.getMessage());
        Matcher m = TYPE_CHECKER.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        m = TYPE_INFERENCER.matcher(message);
        if (m.find()) {
            return m.group(1) + "." + m.group(2) + m.group(3);
        }
        return fallback;
    }

    /** The first line of the message plus, for the type-checking verifier, the reason and the offset. */
    static String summary(VerifyError e) {
        String message = String.valueOf(e.getMessage());
        String first = message.lines().findFirst().orElse("");
        Matcher location = TYPE_CHECKER.matcher(message);
        Matcher reason = REASON.matcher(message);
        if (location.find() && reason.find()) {
            return first + " at @" + location.group(2) + ": " + reason.group(1).trim();
        }
        return first;
    }
}
