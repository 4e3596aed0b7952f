package io.jcoro.agent.verify;

import io.jcoro.weaver.transform.MethodOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What transforming and verifying one jar (or, merged, all of them) found. */
final class JarReport {
    final String name;
    int classes;
    int classesChanged;
    int woven;
    int suspensionPoints;
    int checked;
    /** Classes defined from the (transformed) bytes and linked, which is when HotSpot verifies them. */
    int linked;
    /** Refused methods by reason category, each with the methods and their exact reasons. */
    final Map<String, List<String>> refused = new TreeMap<>();
    /** Refusals that are the transformer catching its own exception. */
    final List<String> internalErrors = new ArrayList<>();
    /** Exceptions that escaped {@code ClassTransformer.transform}, by class. */
    final Map<String, String> crashes = new TreeMap<>();
    /** By failing method (or class when the message names none). */
    final Map<String, String> verifyErrors = new TreeMap<>();
    final Map<String, String> formatErrors = new TreeMap<>();
    /** Linkage errors the untransformed jar has too (optional dependencies missing), by reason, with classes. */
    final Map<String, List<String>> inheritedLinkageErrors = new TreeMap<>();
    /** Linkage errors that only the transformed class has, by class. */
    final Map<String, String> introducedLinkageErrors = new TreeMap<>();
    /** Classes of the jar that a loader other than the jar's own defined (none, unless the loader is broken). */
    final List<String> definedElsewhere = new ArrayList<>();

    JarReport(String name) {
        this.name = name;
    }

    void add(MethodOutcome outcome) {
        switch (outcome.kind()) {
            case WOVEN:
                woven++;
                suspensionPoints += outcome.suspensionPoints();
                break;
            case CHECKED:
                checked++;
                break;
            case REFUSED:
                refused.computeIfAbsent(RefusalReasons.category(outcome.reason()), k -> new ArrayList<>())
                        .add(outcome.toString());
                if (RefusalReasons.isInternalError(outcome.reason())) {
                    internalErrors.add(outcome.toString());
                }
                break;
        }
    }

    int refusedCount() {
        return refused.values().stream().mapToInt(List::size).sum();
    }

    int inheritedLinkageErrorCount() {
        return inheritedLinkageErrors.values().stream().mapToInt(List::size).sum();
    }

    /** Adds {@code other}'s counts and findings to this one (for the total). */
    void merge(JarReport other) {
        classes += other.classes;
        classesChanged += other.classesChanged;
        woven += other.woven;
        suspensionPoints += other.suspensionPoints;
        checked += other.checked;
        linked += other.linked;
        other.refused.forEach((k, v) -> refused.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        internalErrors.addAll(other.internalErrors);
        crashes.putAll(other.crashes);
        verifyErrors.putAll(other.verifyErrors);
        formatErrors.putAll(other.formatErrors);
        other.inheritedLinkageErrors.forEach((k, v) ->
                inheritedLinkageErrors.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        introducedLinkageErrors.putAll(other.introducedLinkageErrors);
        definedElsewhere.addAll(other.definedElsewhere);
    }

    static String header() {
        return String.format("%-28s %7s %7s %7s %8s %7s %7s %8s %7s %7s %8s %7s",
                "jar", "classes", "changed", "woven", "points", "checked", "refused", "verified",
                "verifyE", "formatE", "linkageE", "crashes");
    }

    String row() {
        return String.format("%-28s %7d %7d %7d %8d %7d %7d %8d %7d %7d %8d %7d",
                name, classes, classesChanged, woven, suspensionPoints, checked, refusedCount(), linked,
                verifyErrors.size(), formatErrors.size(), inheritedLinkageErrorCount() + introducedLinkageErrors.size(),
                crashes.size() + internalErrors.size());
    }

    /** The findings in detail (counts per reason, every error). */
    String details() {
        StringBuilder out = new StringBuilder();
        out.append("REFUSED methods by reason:\n");
        if (refused.isEmpty()) {
            out.append("  none\n");
        }
        refused.forEach((reason, methods) -> {
            out.append(String.format("  %6d  %s%n", methods.size(), reason));
            methods.stream().limit(3).forEach(m -> out.append("            e.g. ").append(m).append('\n'));
        });
        section(out, "VerifyErrors", verifyErrors);
        section(out, "ClassFormatErrors", formatErrors);
        section(out, "transformer crashes", crashes);
        out.append("transformer internal errors (refusals): ").append(internalErrors.size()).append('\n');
        internalErrors.forEach(e -> out.append("  ").append(e).append('\n'));
        section(out, "linkage errors only the transformed classes have", introducedLinkageErrors);
        out.append("classes not defined from the jar's bytes: ").append(definedElsewhere).append('\n');
        out.append("linkage errors the untransformed jar has too (not failures), by reason:\n");
        if (inheritedLinkageErrors.isEmpty()) {
            out.append("  none\n");
        }
        inheritedLinkageErrors.forEach((reason, classes) -> out.append(String.format("  %6d  %s (e.g. %s)%n",
                classes.size(), reason, String.join(", ", classes.subList(0, Math.min(3, classes.size()))))));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, String> entries) {
        out.append(title).append(": ").append(entries.size()).append('\n');
        entries.forEach((where, message) -> out.append("  ").append(where).append(": ").append(message).append('\n'));
    }
}
