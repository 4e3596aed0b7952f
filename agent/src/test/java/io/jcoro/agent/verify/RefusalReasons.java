package io.jcoro.agent.verify;

import java.util.regex.Pattern;

/** Groups the transformer's refusal reasons, which name methods, types and lines, into categories. */
final class RefusalReasons {
    private static final Pattern NAMES = Pattern.compile("[\\w$<>-]+(?:[./][\\w$<>-]+)+");
    private static final Pattern NUMBERS = Pattern.compile("\\b\\d+\\b");
    private static final Pattern TICKED = Pattern.compile("`[^`]*`");

    private RefusalReasons() {}

    /** The reason with class, method and type names replaced by X and numbers by N. */
    static String category(String reason) {
        String r = TICKED.matcher(reason).replaceAll("`X`");
        r = NAMES.matcher(r).replaceAll("X");
        return NUMBERS.matcher(r).replaceAll("N");
    }

    static boolean isInternalError(String reason) {
        return reason.startsWith("internal error in the jcoro transformer");
    }
}
