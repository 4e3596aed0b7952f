package io.jcoro.weaver.transform;

import io.jcoro.weaver.hierarchy.ClassFileScan;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.DeclarationFiles;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.util.List;

/**
 * The transformer as a build tool uses it: the classes of one build, seen through a loader over the
 * build's output and class path ({@code resources}: only its resources are read, no class is loaded),
 * with the {@code META-INF/jcoro/suspendables} files that loader sees (those of the dependencies too).
 *
 * <p>A class it changes registers itself with the runtime when it initialises and carries the
 * {@code @io.jcoro.internal.Woven} marker ({@link BuildRegistration}); a class with the marker is
 * passed by, here and by the agent, so weaving twice changes nothing. It uses no runtime class, so a
 * build tool needs only the agent jar.
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
        if (isRuntimeMachinery(ClassFileScan.of(classFile).name()) || !QuickScan.mayNeedTransform(classFile, oracle)) {
            return new ClassTransformer.Result(null, List.of());
        }
        return new ClassTransformer(hierarchy, new AnnotationPolicy(oracle)).transform(classFile, Registration.forBuild());
    }

    /**
     * The runtime's own machinery (the frame store, {@code Continuation}), which the woven code calls
     * and which must never be woven itself; the agent never transforms it either.
     */
    static boolean isRuntimeMachinery(String internalName) {
        return internalName.startsWith("io/jcoro/internal/") || internalName.startsWith("io/jcoro/Continuation");
    }

    /** Whether a class file was woven at build time already (it carries the marker). */
    public static boolean isWoven(byte[] classFile) {
        return QuickScan.isWovenAtBuildTime(classFile);
    }
}
