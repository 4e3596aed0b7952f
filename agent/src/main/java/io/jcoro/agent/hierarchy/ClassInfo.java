package io.jcoro.agent.hierarchy;

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
    /** name+descriptor → declared suspendable here (annotated, or the target of a suspendable bridge). */
    private final Map<String, Boolean> declaredMethods;
    /** name+descriptor → suspendable here or in a supertype; filled lazily by {@link SuspendableOracle}. */
    final Map<String, Boolean> resolvedSuspendable = new ConcurrentHashMap<>();
    /** Whether this class or a supertype declares a suspendable method; null until resolved. */
    volatile Boolean hasSuspendableInHierarchy;

    /** Bridge methods as {name, descriptor}: the erased forwarders to generic overrides. */
    private final List<String[]> bridges;

    ClassInfo(String name, String superName, List<String> interfaces, boolean isInterface,
              Map<String, Boolean> declaredMethods, List<String[]> bridges) {
        this.bridges = List.copyOf(bridges);
        this.name = name;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.isInterface = isInterface;
        this.declaredMethods = Map.copyOf(declaredMethods);
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
        return declaredMethods.containsKey(nameAndDesc);
    }

    public boolean declaresSuspendable(String nameAndDesc) {
        return Boolean.TRUE.equals(declaredMethods.get(nameAndDesc));
    }

    List<String[]> bridges() {
        return bridges;
    }

    boolean declaresAnySuspendable() {
        return declaredMethods.containsValue(Boolean.TRUE);
    }
}
