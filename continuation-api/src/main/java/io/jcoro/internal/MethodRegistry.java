package io.jcoro.internal;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What jcoro did to each method it looked at: rewritten to save and restore its frame, or guarded with
 * the reason it cannot suspend. A method is known by its defining class loader and its key
 * {@code owner/internal/Name.method(descriptor)}: two classes of one name in two loaders (two web
 * applications in one server) are two sets of methods, and never share an entry. {@link ChainCheck} and
 * {@link CalleeCheck} consult it when they verify that every frame between a suspension and its
 * continuation can save its state, and use the transformer's own reason in their errors; reading a
 * suspended continuation's frames uses the resume points recorded here.
 *
 * <p>Entries come from the agent when it transforms a class (it knows the defining loader) and, for
 * classes woven at build time, from the class itself when it initialises ({@link WovenClasses}).
 *
 * <p>Each method gets an int id the first time it is named ({@link #idOf}); woven code saves it in each
 * frame's header, so a suspension stores no reference for the method. Ids live as long as the JVM.
 *
 * <p>Threads: ids are handed out under this class's lock, which also guards {@link #count} and the
 * growth of {@link #entries}; a new entry goes into a slot no reader has read (an id reaches a reader
 * only after {@link #idOf} returned it), and the volatile write of {@link #entries} after it publishes
 * it. An entry's state and resume points are volatile: a reader sees the value before or after a
 * registration, each whole. Loaders are held weakly (by the id maps, a {@link WeakHashMap}, and by the
 * entries), so that registering a class does not keep its web application alive.
 */
public final class MethodRegistry {
    /** The state of a woven method. */
    private static final String WOVEN = "";

    /** One method: immutable identity, volatile knowledge. */
    private static final class Entry {
        final String key;
        /** The defining loader; null for the bootstrap loader (then {@link #bootstrap}). */
        final WeakReference<ClassLoader> loader;
        final boolean bootstrap;
        /** Null: nothing registered; {@link #WOVEN}; else the reason it cannot suspend. */
        volatile String state;
        volatile ResumePoints resumePoints;
        /** Whether the method's class was defined with the method's second entry (see {@link #secondEntry}). */
        volatile boolean secondEntry;

        Entry(String key, ClassLoader loader) {
            this.key = key;
            this.bootstrap = loader == null;
            this.loader = loader == null ? null : new WeakReference<>(loader);
        }
    }

    private static final Map<ClassLoader, Map<String, Integer>> IDS_BY_LOADER =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<String, Integer> BOOTSTRAP_IDS = new ConcurrentHashMap<>();
    private static volatile Entry[] entries = new Entry[1024];
    private static int count = 1; // id 0 is no method

    static {
        entries[0] = new Entry("(no method)", null);
    }

    private MethodRegistry() {}

    /**
     * The id of a method of a class defined by {@code loader} (null: the bootstrap loader), assigned on
     * first request (ids start at 1).
     */
    public static int idOf(ClassLoader loader, String methodKey) {
        Map<String, Integer> ids = idsOf(loader);
        Integer id = ids.get(methodKey);
        if (id != null) {
            return id;
        }
        synchronized (MethodRegistry.class) {
            id = ids.get(methodKey);
            if (id != null) {
                return id;
            }
            int fresh = count;
            Entry[] current = entries;
            Entry[] next = fresh < current.length ? current : Arrays.copyOf(current, current.length * 2);
            next[fresh] = new Entry(methodKey, loader);
            count = fresh + 1;
            entries = next; // publishes the entry (and a grown array)
            ids.put(methodKey, fresh);
            return fresh;
        }
    }

    /** The id of a method already named, or 0: for lookups that must not create entries (stack walks). */
    static int find(ClassLoader loader, String methodKey) {
        Map<String, Integer> ids = loader == null ? BOOTSTRAP_IDS : IDS_BY_LOADER.get(loader);
        Integer id = ids == null ? null : ids.get(methodKey);
        return id == null ? 0 : id;
    }

    private static Map<String, Integer> idsOf(ClassLoader loader) {
        if (loader == null) {
            return BOOTSTRAP_IDS;
        }
        Map<String, Integer> ids = IDS_BY_LOADER.get(loader);
        if (ids == null) {
            synchronized (IDS_BY_LOADER) { // no lambda: this runs while the agent starts
                ids = IDS_BY_LOADER.get(loader);
                if (ids == null) {
                    ids = new ConcurrentHashMap<>();
                    IDS_BY_LOADER.put(loader, ids);
                }
            }
        }
        return ids;
    }

    /**
     * The entry of a method, created on first request. The id comes first, in a statement of its own: in
     * {@code entries[idOf(...)]} Java reads the array before it evaluates the index, so when naming the
     * method grew the array, the index was one past the end of the old one.
     */
    private static Entry entryOf(ClassLoader loader, String methodKey) {
        int id = idOf(loader, methodKey);
        return entries[id];
    }

    private static Entry entry(int id) {
        Entry[] all = entries;
        return id > 0 && id < all.length ? all[id] : null;
    }

    /** The method key of an id from {@link #idOf}, or a placeholder for an unknown id. */
    public static String keyOf(int id) {
        Entry e = entry(id);
        return e != null ? e.key : "(unknown method #" + id + ")";
    }

    /**
     * The loader that defines the method's class: null for the bootstrap loader, and also when the
     * loader was collected or the id is unknown (then {@code known[0]} is false).
     */
    static ClassLoader loaderOf(int id, boolean[] known) {
        Entry e = entry(id);
        if (e == null) {
            known[0] = false;
            return null;
        }
        ClassLoader loader = e.bootstrap ? null : e.loader.get();
        known[0] = e.bootstrap || loader != null;
        return loader;
    }

    /**
     * The method saves and restores its frame at its suspendable calls, whose lines and saved value
     * counts are {@code points} (null when not recorded): what reading a suspended continuation's frames needs.
     */
    public static void woven(ClassLoader loader, String methodKey, ResumePoints points) {
        Entry e = entryOf(loader, methodKey);
        if (points != null) {
            e.resumePoints = points;
        }
        e.state = WOVEN;
    }

    /**
     * The agent defined the method's class with a second entry for it (a copy a restore in the same class
     * calls with the store). A loaded class can be retransformed only into the same methods, so a
     * retransformation adds a second entry exactly where the definition did ({@link #hasSecondEntry}).
     */
    public static void secondEntry(ClassLoader loader, String methodKey) {
        entryOf(loader, methodKey).secondEntry = true;
    }

    /** Whether the method's class was defined with a second entry for it; names no new method. */
    public static boolean hasSecondEntry(ClassLoader loader, String methodKey) {
        Entry e = entry(find(loader, methodKey));
        return e != null && e.secondEntry;
    }

    /** The resume points of a woven method, or null when the transformer did not record them. */
    public static ResumePoints resumePoints(int id) {
        Entry e = entry(id);
        return e == null ? null : e.resumePoints;
    }

    /**
     * The method cannot save its frame; a suspension through it fails for {@code reason}. A method
     * woven once stays woven: the same class transformed again (retransformed) keeps its woven entry,
     * so the chain check never fails a suspension through a woven method (the guards in a guarded one
     * still fail where it really cannot suspend).
     */
    public static void guarded(ClassLoader loader, String methodKey, String reason) {
        Entry e = entryOf(loader, methodKey);
        synchronized (e) {
            if (e.state != WOVEN) {
                e.state = reason;
            }
        }
    }

    /** Keys of methods that code jcoro does not weave (the JDK) may call (see {@link #calledByCodeNotWoven}). */
    private static final Set<String> CALLED_BY_CODE_NOT_WOVEN = ConcurrentHashMap.newKeySet();

    /**
     * The method may be called by code jcoro does not weave: it implements a suspendable method of a
     * JDK type, or a lambda or method reference of a JDK functional interface calls it. A suspension
     * through it checks its caller every time ({@link SuspensionSite#checksCaller}), not only the first.
     * By key, in every loader: whoever names the method may not know which loader defines it, and
     * checking the caller of a namesake too only costs that namesake its fast path.
     */
    public static void calledByCodeNotWoven(String methodKey) {
        if (CALLED_BY_CODE_NOT_WOVEN.add(methodKey)) {
            SuspensionSites.checkCallersOf(methodKey);
        }
    }

    static boolean isCalledByCodeNotWoven(String methodKey) {
        return CALLED_BY_CODE_NOT_WOVEN.contains(methodKey);
    }

    static boolean isWoven(int id) {
        Entry e = entry(id);
        return e != null && e.state == WOVEN;
    }

    /** Whether the method of a class {@code loader} defines is woven; names no new method. */
    static boolean isWoven(ClassLoader loader, String methodKey) {
        return isWoven(find(loader, methodKey));
    }

    /** The transformer's reason why the method cannot suspend, or null when it did not say. */
    static String reasonItCannotSuspend(int id) {
        Entry e = entry(id);
        String reason = e == null ? null : e.state;
        return reason == null || reason == WOVEN ? null : reason;
    }
}
