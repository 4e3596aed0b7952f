package io.jcoro.agent.transform;

import io.jcoro.agent.hierarchy.ClassHierarchy;
import io.jcoro.agent.hierarchy.DeclarationFiles;
import io.jcoro.agent.hierarchy.SuspendableOracle;

/**
 * The transformer as a build tool uses it: the classes of one build, seen through a loader over the
 * build's output and class path ({@code resources}: only its resources are read, no class is loaded),
 * with the {@code META-INF/jcoro/suspendables} files that loader sees.
 *
 * <p>PLACEHOLDER (being written): the woven class must register itself when it initialises and carry
 * the pre-woven marker; until then this is the agent's transform.
 */
public final class BuildTransform {
    private final ClassHierarchy hierarchy;
    private final SuspendableOracle oracle;

    public BuildTransform(ClassLoader resources) {
        this.hierarchy = ClassHierarchy.uncached(resources, DeclarationFiles.read(resources));
        this.oracle = new SuspendableOracle(hierarchy);
    }

    /**
     * Transforms one class file of the build. The result's bytes are null when the class needs nothing
     * (or was woven already); its outcomes say what happened to each method (REFUSED ones are errors).
     *
     * @throws TransformException when the class cannot be woven at build time at all (its class file
     *     version is too old, say), with the reason
     */
    public ClassTransformer.Result transform(byte[] classFile) throws TransformException {
        if (isWoven(classFile) || !QuickScan.mayNeedTransform(classFile, oracle)) {
            return new ClassTransformer.Result(null, java.util.List.of());
        }
        return new ClassTransformer(hierarchy, new AnnotationPolicy(oracle)).transform(classFile);
    }

    /** Whether a class file was woven at build time already (it carries the marker). */
    public static boolean isWoven(byte[] classFile) {
        return false;
    }
}
