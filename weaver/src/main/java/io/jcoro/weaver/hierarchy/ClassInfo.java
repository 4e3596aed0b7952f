package io.jcoro.weaver.hierarchy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the transformer needs to know about one class, read from its bytes (never by loading it):
 * its place in the hierarchy and which of its methods are declared suspendable.
 */
public final class ClassInfo {
    private final String name;
    private final String superName;
    private final List<String> interfaces;
    private final boolean isInterface;
    /**
     * name+descriptor → declared suspendable here (annotated, or the target of a suspendable bridge); null
     * in a light info until first asked for (see {@link #light}).
     */
    private volatile Map<String, Boolean> declaredMethods;
    /** name+descriptor → suspendable here or in a supertype; filled lazily by {@link SuspendableOracle}. */
    final Map<String, Boolean> resolvedSuspendable = new ConcurrentHashMap<>();
    /** Whether this class or a supertype declares a suspendable method; null until resolved. */
    volatile Boolean hasSuspendableInHierarchy;

    /** Bridge methods as {name, descriptor}: the erased forwarders to generic overrides; null like declaredMethods. */
    private volatile List<String[]> bridges;
    /**
     * For a light info, the hierarchy that reads its methods when first asked for; null once they are
     * known. A class whose constant pool names no {@code io/jcoro/} and that no declarations file names
     * declares no suspendable method, so answering "does it declare any" needs no method list: such a
     * class gets a light info from one constant-pool scan, and its methods are parsed only if the
     * weaver or the oracle asks for them (a class in a hierarchy that does have suspendable methods).
     */
    private volatile ClassHierarchy light;

    ClassInfo(String name, String superName, List<String> interfaces, boolean isInterface,
              Map<String, Boolean> declaredMethods, List<String[]> bridges) {
        this.bridges = List.copyOf(bridges);
        this.light = null;
        this.name = name;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.isInterface = isInterface;
        this.declaredMethods = Map.copyOf(declaredMethods);
    }

    /** A light info: header only; its methods are read through {@code hierarchy} when first needed. */
    ClassInfo(String name, String superName, List<String> interfaces, boolean isInterface, ClassHierarchy hierarchy) {
        this.name = name;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.isInterface = isInterface;
        this.light = hierarchy;
    }

    private void members() {
        ClassHierarchy h = light;
        if (h != null) {
            synchronized (this) {
                if (light != null) {
                    ClassInfo full = h.readFull(name);
                    if (full != null && full.name.equals(name)) {
                        bridges = full.bridges;
                        declaredMethods = full.declaredMethods;
                    } else {
                        bridges = List.of(); // bytes gone: known as a class, with no method known
                        declaredMethods = Map.of();
                    }
                    light = null;
                }
            }
        }
    }

    boolean isLight() {
        return light != null;
    }

    public String name() {
        return name;
    }

    /** Internal name of the superclass; null for java/lang/Object and for module-info. */
    public String superName() {
        return superName;
    }

    public List<String> interfaces() {
        return interfaces;
    }

    public boolean isInterface() {
        return isInterface;
    }

    public boolean declares(String nameAndDesc) {
        members();
        return declaredMethods.containsKey(nameAndDesc);
    }

    public boolean declaresSuspendable(String nameAndDesc) {
        if (light != null) {
            return false; // names no io/jcoro/ and is in no declarations file
        }
        return Boolean.TRUE.equals(declaredMethods.get(nameAndDesc));
    }

    List<String[]> bridges() {
        members();
        return bridges;
    }

    boolean declaresAnySuspendable() {
        if (light != null) {
            return false;
        }
        return declaredMethods.containsValue(Boolean.TRUE);
    }
}
