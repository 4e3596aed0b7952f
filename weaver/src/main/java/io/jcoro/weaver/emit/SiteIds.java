package io.jcoro.weaver.emit;

import org.objectweb.asm.tree.InsnList;

/** How woven code pushes the ids the runtime knows its method and its suspension points by. */
public interface SiteIds {
    /** Instructions that push the id (an {@code int}) of the woven method {@code methodKey}. */
    InsnList methodId(String methodKey);

    /**
     * Instructions that push the id (an {@code int}) of a suspendable call of a woven method (the arguments of
     * {@code SuspensionSites.register}; {@code resolvedCallee} null for a dispatched call).
     */
    InsnList siteId(String methodKey, int resumePoint, String description, String callee, boolean dispatched,
            String resolvedCallee);
}
