package io.jcoro.weaver.hierarchy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * The class hierarchy as seen from one class loader, built from class bytes read through the loader's
 * resources, never by loading classes. Results are cached per loader (weakly, so loaders can be
 * collected); platform classes ({@code java/}, {@code javax/}, {@code jdk/}, {@code sun/},
 * {@code com/sun/}) share one cache. A class whose bytes cannot be found is treated as a direct subclass
 * of {@code java/lang/Object} that declares nothing.
 */
public final class ClassHierarchy {
    private static final Map<ClassLoader, ClassHierarchy> BY_LOADER = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<String, Optional<ClassInfo>> PLATFORM = new ConcurrentHashMap<>();
    private static final Object BOOTSTRAP_KEY = new Object();
    private static volatile ClassHierarchy bootstrap;
    private static final ThreadLocal<Boolean> READING_DECLARATIONS = new ThreadLocal<>();

    /**
     * The loader whose view this is, for a cached hierarchy: weakly, since {@link #BY_LOADER} keys its
     * hierarchies by their loaders, and a value that held its key strongly would keep every loader the
     * agent ever saw (a web application's, after it was undeployed) from being collected. Null for the
     * bootstrap loader and for an uncached hierarchy.
     */
    private final WeakReference<ClassLoader> cachedLoader;
    /**
     * The loader of a hierarchy made for one use ({@link #uncached}), strongly: its caller (a build's
     * weaving, with a loader made for the weave class path) need not keep the loader itself, and a
     * loader collected halfway through would make classes vanish from the hierarchy.
     */
    private final ClassLoader pinnedLoader;
    private final Map<String, Optional<ClassInfo>> cache = new ConcurrentHashMap<>();
    private final SuspendableDeclarations declarations;
    private final ResourceBytes resources = new ResourceBytes();

    private ClassHierarchy(WeakReference<ClassLoader> cachedLoader, ClassLoader pinnedLoader,
            SuspendableDeclarations declarations) {
        this.cachedLoader = cachedLoader;
        this.pinnedLoader = pinnedLoader;
        this.declarations = declarations;
    }

    /**
     * The hierarchy seen from {@code loader} (null: the bootstrap loader), with the methods declared
     * suspendable in the {@code META-INF/jcoro/suspendables} files the loader sees (read once per loader).
     */
    public static ClassHierarchy of(ClassLoader loader) {
        if (loader == null) {
            ClassHierarchy h = bootstrap;
            if (h == null) {
                h = bootstrap = new ClassHierarchy(null, null, SuspendableDeclarations.NONE);
            }
            return h;
        }
        ClassHierarchy h = BY_LOADER.get(loader);
        if (h == null) {
            if (READING_DECLARATIONS.get() != null) {
                // a class loaded while this thread reads declaration files: no declarations, not cached
                return new ClassHierarchy(null, loader, SuspendableDeclarations.NONE);
            }
            // read outside the map's lock: reading resources may load classes, and so call the transformer
            SuspendableDeclarations declarations;
            READING_DECLARATIONS.set(Boolean.TRUE);
            try {
                declarations = DeclarationFiles.read(loader);
            } finally {
                READING_DECLARATIONS.remove();
            }
            synchronized (BY_LOADER) { // no lambda: this runs while the agent starts
                h = BY_LOADER.get(loader);
                if (h == null) {
                    h = new ClassHierarchy(new WeakReference<>(loader), null, declarations);
                    BY_LOADER.put(loader, h);
                }
            }
        }
        return h;
    }

    /** A hierarchy that is not cached: for tests and tools that transform classes of their own. */
    public static ClassHierarchy uncached(ClassLoader loader, SuspendableDeclarations declarations) {
        return new ClassHierarchy(null, loader, declarations);
    }

    /** The loader whose view this is (null: the bootstrap loader, or a loader collected since). */
    public ClassLoader loader() {
        return pinnedLoader != null ? pinnedLoader : cachedLoader == null ? null : cachedLoader.get();
    }

    public SuspendableDeclarations declarations() {
        return declarations;
    }

    /** The package prefixes of the JDK's own classes, which no loader but the JDK's defines. */
    static final String[] PLATFORM_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};

    public static boolean isPlatform(String internalName) {
        for (String prefix : PLATFORM_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Registers a class from bytes already in hand (the class being transformed). */
    public ClassInfo register(byte[] bytes) {
        ClassInfo info = ClassInfoReader.read(bytes, declarations);
        cache.put(info.name(), Optional.of(info));
        return info;
    }

    /**
     * Records what one constant-pool scan of a class in hand (the class being loaded, which the
     * transformer passes by) says, unless the class is known already: a later class that names it then
     * needs no resource read. A class that names {@code io/jcoro/} or that a declarations file names is
     * parsed in full, as {@link #register} would.
     */
    public void registerScanned(ClassFileScan scan, byte[] bytes) {
        String name = scan.name();
        if (isPlatform(name) || cache.containsKey(name)) {
            return;
        }
        cache.putIfAbsent(name, Optional.of(info(scan, bytes)));
    }

    /** Whether a class's info must list its methods at once (a light info cannot say it has no suspendable one). */
    private boolean needsMembers(ClassFileScan scan) {
        return scan.mentionsJcoro() || declarations.mentions(scan.name());
    }

    private ClassInfo info(ClassFileScan scan, byte[] bytes) {
        if (needsMembers(scan)) {
            return ClassInfoReader.read(bytes, declarations);
        }
        return new ClassInfo(scan.name(), scan.superName(), java.util.Arrays.asList(scan.interfaces()),
                (scan.access() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0,
                // platform infos are shared by every loader: they must not hold on to this one
                isPlatform(scan.name()) ? of(null) : this);
    }

    /** The full info of a class read through the loader's resources (for a light info's methods), or null. */
    ClassInfo readFull(String internalName) {
        byte[] bytes = read(internalName);
        try {
            return bytes == null ? null : ClassInfoReader.read(bytes, declarations);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The class's info, or null when its bytes cannot be found. */
    public ClassInfo get(String internalName) {
        if (internalName == null || internalName.startsWith("[")) {
            return null;
        }
        // platform classes are shared between loaders, unless this loader's declarations name them
        Map<String, Optional<ClassInfo>> map = isPlatform(internalName) && !declarations.mentions(internalName) ? PLATFORM : cache;
        Optional<ClassInfo> info = map.get(internalName);
        if (info == null) {
            info = Optional.ofNullable(load(internalName));
            map.putIfAbsent(internalName, info);
        }
        return info.orElse(null);
    }

    /**
     * Reads the header of the class file first ({@link ClassFileScan#readHeader}: a light info needs no
     * more), and the whole file only for a class whose constant pool names {@code io/jcoro/} or that a
     * declarations file names, whose methods {@link #info} parses at once. A class read ahead this way
     * (a supertype or a callee not loaded yet) costs the inflation of its header, not of its code.
     */
    private ClassInfo load(String internalName) {
        byte[] header = read(internalName, true);
        try {
            if (header == null) {
                return null;
            }
            ClassFileScan scan = ClassFileScan.of(header);
            if (!needsMembers(scan)) {
                return info(scan, header);
            }
            byte[] bytes = read(internalName, false);
            return bytes == null ? null : info(ClassFileScan.of(bytes), bytes);
        } catch (RuntimeException e) {
            return null; // malformed: treated like a class that cannot be found
        }
    }

    private byte[] read(String internalName) {
        return read(internalName, false);
    }

    private byte[] read(String internalName, boolean header) {
        String resource = internalName + ".class";
        try {
            ClassLoader from = loader();
            if (!isPlatform(internalName) && from != null) {
                byte[] bytes = header ? resources.readHeader(from, resource) : resources.read(from, resource);
                if (bytes != null) {
                    return bytes;
                }
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
                return in == null ? null : ResourceBytes.readAll(in, header);
            }
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: treated like a class that cannot be found
        }
    }

    public boolean isInterface(String internalName) {
        ClassInfo info = get(internalName);
        return info != null && info.isInterface();
    }

    /** Whether {@code sub} is {@code sup} or a subclass or implementation of it (for class types). */
    public boolean isSubclassOf(String sub, String sup) {
        if (sub.equals(sup) || "java/lang/Object".equals(sup)) {
            return true;
        }
        ArrayDeque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(sub);
        while (!todo.isEmpty()) {
            ClassInfo info = get(todo.poll());
            if (info == null) {
                continue;
            }
            for (String s : supertypes(info)) {
                if (s.equals(sup)) {
                    return true;
                }
                if (seen.add(s)) {
                    todo.add(s);
                }
            }
        }
        return false;
    }

    static Iterable<String> supertypes(ClassInfo info) {
        java.util.List<String> all = new java.util.ArrayList<>(info.interfaces().size() + 1);
        if (info.superName() != null) {
            all.add(info.superName());
        }
        all.addAll(info.interfaces());
        return all;
    }

    /** The most specific common superclass of two class names, as the JVM verifier would merge them. */
    public String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isSubclassOf(b, a)) {
            return a;
        }
        if (isSubclassOf(a, b)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        String s = a;
        while (true) {
            ClassInfo info = get(s);
            if (info == null || info.superName() == null) {
                return "java/lang/Object";
            }
            s = info.superName();
            if (isSubclassOf(b, s)) {
                return s;
            }
        }
    }

    /** Merges two reference types (classes or arrays) the way the verifier does. */
    public Type commonSuperType(Type a, Type b) {
        if (a.equals(b)) {
            return a;
        }
        boolean arrayA = a.getSort() == Type.ARRAY;
        boolean arrayB = b.getSort() == Type.ARRAY;
        if (arrayA && arrayB) {
            Type ea = a.getElementType();
            Type eb = b.getElementType();
            int da = a.getDimensions();
            int db = b.getDimensions();
            boolean refA = ea.getSort() == Type.OBJECT;
            boolean refB = eb.getSort() == Type.OBJECT;
            if (da == db && refA && refB) {
                return array(Type.getObjectType(commonSuperClass(ea.getInternalName(), eb.getInternalName())), da);
            }
            // Arrays of different shape meet at Object[]..., one level less where the shallower array
            // holds primitives (int[] is an Object, not an Object[]).
            int dims = Math.min(da, db);
            if ((da <= db && !refA) || (db <= da && !refB)) {
                dims--;
            }
            return dims <= 0 ? Type.getObjectType("java/lang/Object") : array(Type.getObjectType("java/lang/Object"), dims);
        }
        if (arrayA || arrayB) {
            return Type.getObjectType("java/lang/Object");
        }
        return Type.getObjectType(commonSuperClass(a.getInternalName(), b.getInternalName()));
    }

    private static Type array(Type element, int dims) {
        return Type.getType("[".repeat(dims) + element.getDescriptor());
    }
}
