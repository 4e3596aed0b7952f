package io.jcoro.internal;

import java.lang.invoke.MethodHandles;

/**
 * The runtime side of classes woven at build time ({@link Woven}). The agent registers what it did to a
 * class while it transforms it, and bakes the ids it got into the woven code; a class woven at build
 * time cannot know its ids before it runs, in a JVM whose registries are empty, so it does both itself:
 * <ul>
 *   <li>its static initialiser first calls {@link #register} with a record per method (woven with its
 *       resume points, or guarded with the reason), so the chain checks and the coroutine dumps know its
 *       methods before any of them runs;
 *   <li>its code loads each method id and suspension-site id as a dynamic constant
 *       ({@code CONSTANT_Dynamic}, JVMS 4.4.13) whose bootstrap is {@link #methodId} or {@link #siteId}:
 *       resolved once, on first use, with the class's lookup (so with its defining loader), and a
 *       constant from then on, as the agent's literal ids are.
 * </ul>
 * The record format is private to this class and the weaver: fields separated by {@link #FIELD}.
 */
public final class WovenClasses {
    /** Separates the fields of a record; no key, file name or reason contains it. */
    public static final char FIELD = '\u0001';
    /** Record kinds: a woven method, a guarded method, a method that code jcoro does not weave may call. */
    public static final String WOVEN = "W";
    public static final String GUARDED = "G";
    public static final String CALLED_BY_CODE_NOT_WOVEN = "C";

    private static volatile boolean any;
    /** The classes registered, held weakly (a registered class does not stay loaded for it). */
    private static final java.util.Map<Class<?>, Boolean> REGISTERED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private WovenClasses() {}

    /** Whether a class woven at build time registered itself in this JVM. */
    public static boolean any() {
        return any;
    }

    /**
     * Whether {@code c} was woven at build time: it is initialised here if it was not yet (its static
     * initialiser is what registers it). For tools that would otherwise install the agent for it (the
     * JUnit extensions), which a class woven at build time does not need.
     */
    public static boolean isWovenAtBuildTime(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false; // a hidden class, say: not one a build woven
        }
        return REGISTERED.containsKey(c);
    }

    /**
     * Called first thing by the static initialiser of a class woven at build time.
     *
     * <pre>
     * W key sourceFile line,line,.. prims,prims,.. refs,refs,..   (sourceFile empty when unknown)
     * W key                                                       (no resume point: every call guarded)
     * G key reason
     * C key
     * </pre>
     */
    public static void register(Class<?> woven, String[] records) {
        ClassLoader loader = woven.getClassLoader();
        for (String record : records) {
            String[] f = record.split(String.valueOf(FIELD), -1);
            switch (f[0]) {
                case WOVEN:
                    ResumePoints points = f.length == 2 ? null
                            : new ResumePoints(f[2].isEmpty() ? null : f[2], ints(f[3]), ints(f[4]), ints(f[5]));
                    MethodRegistry.woven(loader, f[1], points);
                    break;
                case GUARDED:
                    MethodRegistry.guarded(loader, f[1], f[2]);
                    break;
                case CALLED_BY_CODE_NOT_WOVEN:
                    MethodRegistry.calledByCodeNotWoven(f[1]);
                    break;
                default:
                    throw new IllegalStateException("jcoro: " + woven.getName() + " was woven by another version of "
                            + "jcoro (unknown record kind '" + f[0] + "'); weave it again with this version");
            }
        }
        REGISTERED.put(woven, Boolean.TRUE);
        any = true;
    }

    /** Bootstrap of the dynamic constant that is a woven method's id. */
    public static int methodId(MethodHandles.Lookup lookup, String name, Class<?> type, String methodKey) {
        return MethodRegistry.idOf(lookup.lookupClass().getClassLoader(), methodKey);
    }

    /**
     * Bootstrap of the dynamic constant that is a suspension site's id; the arguments are those of
     * {@link SuspensionSites#register} ({@code dispatched} 0 or 1, {@code resolvedCallee} empty when none).
     */
    public static int siteId(MethodHandles.Lookup lookup, String name, Class<?> type, String methodKey, int resumePoint,
            String description, String callee, int dispatched, String resolvedCallee) {
        int methodId = MethodRegistry.idOf(lookup.lookupClass().getClassLoader(), methodKey);
        return SuspensionSites.register(methodId, resumePoint, description, callee, dispatched != 0,
                resolvedCallee.isEmpty() ? null : resolvedCallee);
    }

    private static int[] ints(String csv) {
        if (csv.isEmpty()) {
            return new int[0];
        }
        String[] parts = csv.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i]);
        }
        return values;
    }
}
