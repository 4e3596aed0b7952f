package io.jcoro.agent;

import io.jcoro.internal.MethodRegistry;
import io.jcoro.internal.ResumePoints;
import io.jcoro.internal.SuspensionSites;
import io.jcoro.weaver.transform.MethodOutcome;
import io.jcoro.weaver.transform.Registration;
import io.jcoro.weaver.transform.ResumeLayout;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;

/**
 * The agent's registration: in the JVM that loads the class, knowing its defining loader. Ids are
 * assigned while the class is transformed and written into the code as constants; what happened to
 * each method is registered once the class is written. A class the agent defines may gain second
 * entries (new methods); a class it retransforms gains exactly those it was defined with, none when it
 * was loaded before the agent ran (a loaded class can only be retransformed into the same methods).
 */
public final class AgentRegistration implements Registration {
    private final ClassLoader loader;
    /** Whether the class is being retransformed rather than defined. */
    private final boolean retransforming;
    private List<String> secondEntries = List.of();

    /** For a class that {@code loader} defines (null: the bootstrap loader). */
    public AgentRegistration(ClassLoader loader) {
        this(loader, false);
    }

    /** For a class of {@code loader}'s, defined now or, when {@code retransforming}, loaded already. */
    public AgentRegistration(ClassLoader loader, boolean retransforming) {
        this.loader = loader;
        this.retransforming = retransforming;
    }

    @Override
    public boolean mayAddSecondEntry(String methodKey) {
        return !retransforming || MethodRegistry.hasSecondEntry(loader, methodKey);
    }

    @Override
    public void secondEntriesAdded(List<String> methodKeys) {
        secondEntries = List.copyOf(methodKeys);
    }

    @Override
    public void calledByCodeNotWoven(String methodKey) {
        MethodRegistry.calledByCodeNotWoven(methodKey);
    }

    @Override
    public InsnList methodId(String methodKey) {
        return constant(MethodRegistry.idOf(loader, methodKey));
    }

    @Override
    public InsnList siteId(String methodKey, int resumePoint, String description, String callee,
            boolean dispatched, String resolvedCallee) {
        return constant(SuspensionSites.register(MethodRegistry.idOf(loader, methodKey), resumePoint,
                description, callee, dispatched, resolvedCallee));
    }

    private static InsnList constant(int id) {
        InsnList push = new InsnList();
        push.add(new LdcInsnNode(id));
        return push;
    }

    @Override
    public boolean mustWrite() {
        return false;
    }

    @Override
    public void beforeWrite(ClassNode c, List<MethodOutcome> outcomes) {}

    @Override
    public void afterWrite(List<MethodOutcome> outcomes) {
        for (String key : secondEntries) {
            MethodRegistry.secondEntry(loader, key);
        }
        for (MethodOutcome outcome : outcomes) {
            String key = outcome.className() + "." + outcome.method();
            switch (outcome.kind()) {
                case WOVEN:
                    ResumeLayout l = outcome.resumePoints();
                    MethodRegistry.woven(loader, key,
                            l == null ? null : new ResumePoints(l.sourceFile(), l.lines(), l.prims(), l.refs()));
                    break;
                default:
                    MethodRegistry.guarded(loader, key, outcome.guardReason());
            }
        }
    }
}
