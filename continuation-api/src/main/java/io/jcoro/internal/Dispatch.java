package io.jcoro.internal;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which method an {@code invokevirtual} or {@code invokeinterface} runs for a receiver of a given
 * class, found by reflection the way the JVM selects it (JVMS 5.4.6): the first declaration in the
 * class and its superclasses, else the one maximally specific default method of its interfaces.
 * Used on the slow path of a capture only, and cached per class, so it runs once per receiver class
 * and call.
 */
final class Dispatch {
    /** Marks "no single method found" in the cache (a ConcurrentHashMap holds no null). */
    private static final Integer NONE = 0;
    private static final ClassValue<ConcurrentHashMap<String, Integer>> SELECTED = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Integer> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Dispatch() {}

    /**
     * The id ({@link MethodRegistry#idOf}, with the loader of the class that declares it) of the method a
     * virtual call of {@code nameAndDesc} runs on a receiver of class {@code receiver}, or 0 when
     * reflection cannot tell (a class that fails to link, an ambiguous default method).
     */
    static int select(Class<?> receiver, String nameAndDesc) {
        return SELECTED.get(receiver).computeIfAbsent(nameAndDesc, nd -> {
            try {
                Class<?> declaring = find(receiver, nd);
                return declaring == null ? NONE : MethodRegistry.idOf(declaring.getClassLoader(), key(declaring, nd));
            } catch (LinkageError | SecurityException e) {
                return NONE; // a signature that names a missing class: reflection cannot tell
            }
        });
    }

    /** Whether the key of a method from {@link #select} names a method of {@code c} itself. */
    static boolean isDeclaredBy(String key, Class<?> c) {
        String owner = c.getName().replace('.', '/');
        return key.length() > owner.length() && key.startsWith(owner) && key.charAt(owner.length()) == '.';
    }

    /** Whether {@code c} itself declares a method of this name and descriptor (reflection; error paths only). */
    static boolean declaresMethod(Class<?> c, String nameAndDesc) {
        int paren = nameAndDesc.indexOf('(');
        try {
            return declared(c, nameAndDesc.substring(0, paren), nameAndDesc.substring(paren)) != null;
        } catch (LinkageError | SecurityException e) {
            return false;
        }
    }

    /** The class that declares the method selected, or null. */
    private static Class<?> find(Class<?> receiver, String nameAndDesc) {
        int paren = nameAndDesc.indexOf('(');
        String name = nameAndDesc.substring(0, paren);
        String desc = nameAndDesc.substring(paren);
        for (Class<?> c = receiver; c != null; c = c.getSuperclass()) {
            Method m = declared(c, name, desc);
            if (m != null && !Modifier.isStatic(m.getModifiers())) {
                return Modifier.isAbstract(m.getModifiers()) ? null : c;
            }
        }
        List<Class<?>> defaults = new ArrayList<>();
        for (Class<?> i : superinterfaces(receiver)) {
            Method m = declared(i, name, desc);
            if (m != null && !Modifier.isStatic(m.getModifiers()) && !Modifier.isAbstract(m.getModifiers())
                    && !Modifier.isPrivate(m.getModifiers())) {
                defaults.add(i);
            }
        }
        defaults.removeIf(i -> defaults.stream().anyMatch(j -> j != i && i.isAssignableFrom(j)));
        return defaults.size() == 1 ? defaults.get(0) : null;
    }

    private static Method declared(Class<?> c, String name, String desc) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)
                    && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(desc)) {
                return m;
            }
        }
        return null;
    }

    private static Set<Class<?>> superinterfaces(Class<?> receiver) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = receiver; c != null; c = c.getSuperclass()) {
            todo.addAll(List.of(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.pop();
            if (all.add(i)) {
                todo.addAll(List.of(i.getInterfaces()));
            }
        }
        return all;
    }

    private static String key(Class<?> c, String nameAndDesc) {
        return c.getName().replace('.', '/') + "." + nameAndDesc;
    }
}
