package io.jcoro.weaver.hierarchy;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * Decides which methods are suspendable: a method is when it is annotated {@code @Suspendable} (or
 * declared in a {@code META-INF/jcoro/suspendables} file), when it overrides or implements such a
 * method anywhere up its hierarchy, or when it is a generic override reached through a suspendable
 * bridge. Answers are cached in the {@link ClassInfo}s.
 */
public final class SuspendableOracle {
    private final ClassHierarchy hierarchy;

    public SuspendableOracle(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    public ClassHierarchy hierarchy() {
        return hierarchy;
    }

    /** Whether a call to {@code owner.name desc} (or the method declared so) may suspend. */
    public boolean isSuspendable(String owner, String name, String desc) {
        if (name.charAt(0) == '<' || owner.startsWith("[")) {
            return false;
        }
        if (ClassHierarchy.isPlatform(owner) && !hierarchy.declarations().mentions(owner)) {
            return false;
        }
        ClassInfo info = hierarchy.get(owner);
        return info != null && resolve(info, name + desc, new HashSet<>());
    }

    private boolean resolve(ClassInfo info, String nameAndDesc, Set<String> seen) {
        Boolean cached = info.resolvedSuspendable.get(nameAndDesc);
        if (cached != null) {
            return cached;
        }
        // nothing up the hierarchy declares a suspendable method: no need to read the methods of a light info
        if (!hasSuspendableInHierarchy(info.name())) {
            info.resolvedSuspendable.put(nameAndDesc, false);
            return false;
        }
        boolean result = info.declaresSuspendable(nameAndDesc)
                || inSupertypes(info, nameAndDesc, seen)
                || reachedThroughSuspendableBridge(info, nameAndDesc, seen);
        info.resolvedSuspendable.put(nameAndDesc, result);
        return result;
    }

    private boolean inSupertypes(ClassInfo info, String nameAndDesc, Set<String> seen) {
        for (String s : ClassHierarchy.supertypes(info)) {
            if (!seen.add(s) || (ClassHierarchy.isPlatform(s) && !hierarchy.declarations().mentions(s))) {
                continue;
            }
            ClassInfo sup = hierarchy.get(s);
            if (sup != null && resolve(sup, nameAndDesc, seen)) {
                return true;
            }
        }
        return false;
    }

    private boolean reachedThroughSuspendableBridge(ClassInfo info, String nameAndDesc, Set<String> seen) {
        if (info.bridges().isEmpty() || !info.declares(nameAndDesc)) {
            return false;
        }
        int paren = nameAndDesc.indexOf('(');
        String name = nameAndDesc.substring(0, paren);
        int arity = Type.getArgumentTypes(nameAndDesc.substring(paren)).length;
        for (String[] bridge : info.bridges()) {
            String bridgeKey = bridge[0] + bridge[1];
            if (bridge[0].equals(name) && !bridgeKey.equals(nameAndDesc)
                    && Type.getArgumentTypes(bridge[1]).length == arity
                    // a fresh set: `seen` holds the types already searched for the other method, not for the bridge's
                    && (info.declaresSuspendable(bridgeKey) || inSupertypes(info, bridgeKey, new HashSet<>()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code owner}'s method {@code nameAndDesc} implements or overrides a suspendable method of a
     * platform type (one a declarations file made suspendable): JDK code, which jcoro never rewrites, may
     * then call it.
     */
    public boolean implementsSuspendablePlatformMethod(String owner, String nameAndDesc) {
        ClassInfo info = hierarchy.get(owner);
        return info != null && inPlatformSupertypes(info, nameAndDesc, new HashSet<>());
    }

    private boolean inPlatformSupertypes(ClassInfo info, String nameAndDesc, Set<String> seen) {
        for (String s : ClassHierarchy.supertypes(info)) {
            if (!seen.add(s)) {
                continue;
            }
            ClassInfo sup = hierarchy.get(s);
            if (sup == null) {
                continue;
            }
            if (ClassHierarchy.isPlatform(s) && hierarchy.declarations().mentions(s)
                    && resolve(sup, nameAndDesc, new HashSet<>())) {
                return true;
            }
            if (inPlatformSupertypes(sup, nameAndDesc, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class or any of its supertypes declares a suspendable method. */
    public boolean hasSuspendableInHierarchy(String internalName) {
        if (ClassHierarchy.isPlatform(internalName) && !hierarchy.declarations().mentions(internalName)) {
            return false;
        }
        ClassInfo info = hierarchy.get(internalName);
        if (info == null) {
            return false;
        }
        Boolean known = info.hasSuspendableInHierarchy;
        if (known != null) {
            return known;
        }
        boolean result = info.declaresAnySuspendable();
        for (String s : ClassHierarchy.supertypes(info)) {
            if (result) {
                break;
            }
            result = hasSuspendableInHierarchy(s);
        }
        info.hasSuspendableInHierarchy = result;
        return result;
    }
}
