package io.jcoro.weaver.transform;

/**
 * What the transformer did to one method. {@code resumePoints}: for a woven method, the line and saved
 * value counts of each suspension point (what a dump of suspended coroutines reads); else null.
 */
public record MethodOutcome(String className, String method, Kind kind, int suspensionPoints, String reason,
                            ResumeLayout resumePoints) {
    public MethodOutcome(String className, String method, Kind kind, int suspensionPoints, String reason) {
        this(className, method, kind, suspensionPoints, reason, null);
    }

    public enum Kind {
        /** Rewritten to save and restore its frame at {@code suspensionPoints} calls. */
        WOVEN,
        /** Cannot save its frame (not suspendable, constructor, ...): its suspendable calls fail clearly if they suspend. */
        CHECKED,
        /** Suspendable, but the transformer could not rewrite it ({@code reason}); checked like the above. */
        REFUSED
    }

    /** For a method that is not woven: what a suspension through it fails with. */
    public String guardReason() {
        if (kind != Kind.REFUSED) {
            return reason;
        }
        return "jcoro could not transform " + className.replace('/', '.') + "." + method.substring(0, method.indexOf('('))
                + ": " + reason;
    }

    @Override
    public String toString() {
        return className.replace('/', '.') + "." + method + ": " + kind
                + (kind == Kind.WOVEN ? " (" + suspensionPoints + " suspension points)" : " — " + reason);
    }
}
