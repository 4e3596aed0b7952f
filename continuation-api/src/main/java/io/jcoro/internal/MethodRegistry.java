package io.jcoro.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent did to each method it looked at, keyed {@code owner/internal/Name.method(descriptor)}:
 * rewritten to save and restore its frame, or guarded with the reason it cannot suspend.
 * {@link ChainCheck} consults it when it verifies that every frame between a suspension and its
 * continuation can save its state, and uses the transformer's own reason in its error.
 */
public final class MethodRegistry {
    private static final String WOVEN = "";
    private static final Map<String, String> METHODS = new ConcurrentHashMap<>();
    private static final Map<String, ResumePoints> RESUME_POINTS = new ConcurrentHashMap<>();

    /** Method keys by id (index), and ids by key: frames record a method by an int, not a reference. */
    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final java.util.List<String> KEYS = new java.util.concurrent.CopyOnWriteArrayList<>(
            java.util.List.of("(no method)"));

    private MethodRegistry() {}

    /**
     * The id of a method key, assigned on first request (ids start at 1 and live as long as the JVM).
     * Woven code saves it in each frame's header, so a suspension stores no reference for the method.
     */
    public static int idOf(String methodKey) {
        Integer id = IDS.get(methodKey);
        if (id != null) {
            return id;
        }
        synchronized (KEYS) {
            return IDS.computeIfAbsent(methodKey, k -> {
                KEYS.add(k);
                return KEYS.size() - 1;
            });
        }
    }

    /** The method key of an id from {@link #idOf}, or a placeholder for an unknown id. */
    public static String keyOf(int id) {
        return id > 0 && id < KEYS.size() ? KEYS.get(id) : "(unknown method #" + id + ")";
    }

    /** The method saves and restores its frame at its suspendable calls. */
    public static void woven(String methodKey) {
        METHODS.put(methodKey, WOVEN);
    }

    /**
     * The method saves and restores its frame at its suspendable calls, whose lines and saved value
     * counts are {@code points}: what reading a suspended continuation's frames needs.
     */
    public static void woven(String methodKey, ResumePoints points) {
        RESUME_POINTS.put(methodKey, points);
        METHODS.put(methodKey, WOVEN);
    }

    /** The resume points of a woven method, or null when the transformer did not record them. */
    public static ResumePoints resumePoints(String methodKey) {
        return RESUME_POINTS.get(methodKey);
    }

    /**
     * The method cannot save its frame; a suspension through it fails for {@code reason}. Keys are
     * class names, not classes: when a class of the same name was woven in another class loader, the
     * woven entry stays, so the chain check never fails a suspension through a woven method because of
     * a namesake (the guards in the guarded one still fail where it really cannot suspend).
     */
    public static void guarded(String methodKey, String reason) {
        METHODS.merge(methodKey, reason, (old, fresh) -> old == WOVEN ? WOVEN : fresh);
    }

    /** Ids of methods that code jcoro does not weave (the JDK) may call (see {@link #calledByCodeNotWoven}). */
    private static final java.util.Set<Integer> CALLED_BY_CODE_NOT_WOVEN = ConcurrentHashMap.newKeySet();

    /**
     * The method may be called by code jcoro does not weave: it implements a suspendable method of a
     * JDK type, or a lambda or method reference of a JDK functional interface calls it. A suspension
     * through it checks its caller every time ({@link SuspensionSite#checksCaller}), not only the first.
     */
    public static void calledByCodeNotWoven(String methodKey) {
        int id = idOf(methodKey);
        if (CALLED_BY_CODE_NOT_WOVEN.add(id)) {
            SuspensionSites.checkCallersOf(id);
        }
    }

    static boolean isCalledByCodeNotWoven(int methodId) {
        return CALLED_BY_CODE_NOT_WOVEN.contains(methodId);
    }

    static boolean isWoven(String methodKey) {
        return METHODS.get(methodKey) == WOVEN;
    }

    /** The transformer's reason why the method cannot suspend, or null when it did not say. */
    static String reasonItCannotSuspend(String methodKey) {
        String reason = METHODS.get(methodKey);
        return reason == null || reason == WOVEN ? null : reason;
    }
}
