package io.jcoro.weaver.hierarchy;

import java.util.Set;

/**
 * Methods declared suspendable outside their own class files (for classes the user does not own).
 * Each entry is {@code owner#name(desc)}, {@code owner#name} (every overload) or {@code owner#*} (every
 * method the class declares, except its constructors and static initializer), owner in internal form.
 */
public final class SuspendableDeclarations {
    public static final SuspendableDeclarations NONE = new SuspendableDeclarations(Set.of());
    /** The method name of an entry that declares every method of its owner. */
    public static final String EVERY_METHOD = "*";

    private final Set<String> entries;
    private final Set<String> owners;
    private final boolean mentionsPlatform;

    public SuspendableDeclarations(Set<String> entries) {
        this.entries = Set.copyOf(entries);
        Set<String> owners = new java.util.HashSet<>();
        for (String e : entries) { // no stream: this runs while the agent starts
            owners.add(e.substring(0, Math.max(0, e.indexOf('#'))));
        }
        this.owners = Set.copyOf(owners);
        boolean platform = false;
        for (String owner : owners) {
            platform |= ClassHierarchy.isPlatform(owner);
        }
        this.mentionsPlatform = platform;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean declares(String owner, String nameAndDesc) {
        if (entries.isEmpty()) {
            return false;
        }
        int paren = nameAndDesc.indexOf('(');
        String name = paren < 0 ? nameAndDesc : nameAndDesc.substring(0, paren);
        return entries.contains(owner + "#" + nameAndDesc) || entries.contains(owner + "#" + name)
                // <init> and <clinit> cannot suspend: a whole-class entry does not make them look as if they could
                || (name.charAt(0) != '<' && entries.contains(owner + "#" + EVERY_METHOD));
    }

    /** Whether an entry names a platform class ({@link ClassHierarchy#isPlatform}). */
    public boolean mentionsPlatform() {
        return mentionsPlatform;
    }

    /** Whether an entry names {@code owner} (internal form), whatever the method or {@code *}. */
    public boolean mentions(String owner) {
        return owners.contains(owner);
    }
}
