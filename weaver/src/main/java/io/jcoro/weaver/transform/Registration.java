package io.jcoro.weaver.transform;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.emit.SiteIds;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/**
 * How woven code and the runtime's registries ({@code MethodRegistry}, {@code SuspensionSites}) learn of
 * each other. The agent knows the defining loader and runs in the JVM that will run the code, so it
 * registers now and bakes the ids into the code (the agent's {@code AgentRegistration}); a build tool does
 * neither, so the class registers itself when it initialises and resolves its ids when it runs
 * ({@link #forBuild}). The ids it pushes into woven code are {@link SiteIds}'.
 */
public interface Registration extends SiteIds {
    /** The registration of a class woven at build time, for a JVM the weaver never sees. */
    static Registration forBuild() {
        return new BuildRegistration();
    }

    /** A method of this class, or one its lambdas and method references name, that the JDK may call. */
    void calledByCodeNotWoven(String methodKey);

    /**
     * Whether the class may gain a second entry for {@code methodKey} ({@code owner.name(desc)}): a new
     * method. A build may always add one; the agent may when it defines the class, and when it
     * retransforms a class it wove with second entries, but never in a class loaded before it ran.
     */
    boolean mayAddSecondEntry(String methodKey);

    /** Before the transformed class is written: the methods that got a second entry, {@code owner.name(desc)}. */
    void secondEntriesAdded(List<String> methodKeys);

    /** Whether the class must be written even when no method changed. */
    boolean mustWrite();

    /** Before the transformed class is written: what the class must carry besides its transformed methods. */
    void beforeWrite(ClassNode c, List<MethodOutcome> outcomes) throws TransformException;

    /** After the transformed class was written without error: what the runtime learns of its methods now. */
    void afterWrite(List<MethodOutcome> outcomes);
}
