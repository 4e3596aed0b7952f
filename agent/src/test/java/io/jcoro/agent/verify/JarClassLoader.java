package io.jcoro.agent.verify;

import java.util.Map;

/**
 * Defines every class of one jar from the bytes given (transformed or original), child-first, so the
 * whole jar lives in this loader even when the same jar is also on the parent's class path. Classes
 * defined by a custom loader are fully verified by HotSpot. Other classes come from the parent.
 */
final class JarClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> bytesByInternalName;

    JarClassLoader(String name, Map<String, byte[]> bytesByInternalName, ClassLoader parent) {
        super(name, parent);
        this.bytesByInternalName = bytesByInternalName;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] bytes = bytesByInternalName.get(name.replace('.', '/'));
        if (bytes == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
