package io.jcoro.agent.hierarchy;

import java.util.Set;

/**
 * Methods declared suspendable outside their own class files (for classes the user does not own).
 * Each entry is {@code owner#name(desc)} or {@code owner#name} (every overload), owner in internal form.
 */
public final class SuspendableDeclarations {
    public static final SuspendableDeclarations NONE = new SuspendableDeclarations(Set.of());

    private final Set<String> entries;
    private final Set<String> owners;

    public SuspendableDeclarations(Set<String> entries) {
        this.entries = Set.copyOf(entries);
        this.owners = entries.stream().map(e -> e.substring(0, Math.max(0, e.indexOf('#'))))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
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
        return entries.contains(owner + "#" + nameAndDesc) || entries.contains(owner + "#" + name);
    }

    public boolean mentions(String owner) {
        return owners.contains(owner);
    }
}
