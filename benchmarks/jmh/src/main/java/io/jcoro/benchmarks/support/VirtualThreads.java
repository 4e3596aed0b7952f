package io.jcoro.benchmarks.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads through method handles: the benchmarks are compiled for Java 17, where
 * {@code Thread.ofVirtual()} does not exist, and run on JDK 21+ when they use it.
 */
public final class VirtualThreads {
    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle UNSTARTED;
    private static final MethodHandle NAME;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle unstarted = null;
        MethodHandle name = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
        } catch (ReflectiveOperationException e) {
            // JDK 17-20: no virtual threads; newThread says so
        }
        OF_VIRTUAL = ofVirtual;
        UNSTARTED = unstarted;
        NAME = name;
    }

    private VirtualThreads() {}

    /** Whether this JDK has virtual threads (21 and newer). */
    public static boolean available() {
        return OF_VIRTUAL != null;
    }

    /** A new, unstarted virtual thread. */
    public static Thread unstarted(String name, Runnable task) {
        if (!available()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or newer; this is "
                    + System.getProperty("java.version"));
        }
        try {
            Object builder = NAME.invoke(OF_VIRTUAL.invoke(), name);
            return (Thread) UNSTARTED.invoke(builder, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a new virtual thread. */
    public static Thread start(String name, Runnable task) {
        Thread t = unstarted(name, task);
        t.start();
        return t;
    }

    /** Starts a new virtual thread without a name (names are strings on the heap). */
    public static Thread start(Runnable task) {
        if (!available()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or newer; this is "
                    + System.getProperty("java.version"));
        }
        try {
            Thread t = (Thread) UNSTARTED.invoke(OF_VIRTUAL.invoke(), task);
            t.start();
            return t;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
