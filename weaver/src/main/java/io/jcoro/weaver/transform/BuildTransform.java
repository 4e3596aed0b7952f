package io.jcoro.weaver.transform;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassFileScan;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.ClassInfo;
import io.jcoro.weaver.hierarchy.DeclarationFiles;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

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

    /** What is wrong in a suspendables file (unreadable, a malformed line) goes to {@code warnings}. */
    public BuildTransform(ClassLoader resources, Consumer<String> warnings) {
        this.hierarchy = ClassHierarchy.uncached(resources, DeclarationFiles.read(resources, warnings));
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
     * For methods of a class that call suspendable code and were left unwoven ({@code methods}, as
     * name+descriptor): the types that could have made them suspendable but that the class path does
     * not have, per method (only the methods with some). A lambda body or method reference target of
     * the class depends on the functional interfaces it is made for; an instance method that is neither
     * private nor a constructor, on the class's supertypes (it may implement or override a suspendable
     * method of one), as far as they can be read. Platform types are always found.
     */
    public Map<String, Set<String>> missingTypes(byte[] classFile, Collection<String> methods) {
        ClassReader reader = new ClassReader(classFile);
        String owner = reader.getClassName();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        Set<String> supertypes = missingSupertypes(owner);
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                if (!supertypes.isEmpty() && methods.contains(name + desc) && !name.startsWith("<")
                        && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
                    missing.computeIfAbsent(name + desc, k -> new LinkedHashSet<>()).addAll(supertypes);
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
                        if (!"java/lang/invoke/LambdaMetafactory".equals(bsm.getOwner()) || args.length < 3
                                || !(args[1] instanceof Handle)) {
                            return;
                        }
                        Handle impl = (Handle) args[1];
                        String body = impl.getName() + impl.getDesc();
                        String functionalInterface = Type.getReturnType(desc).getInternalName();
                        if (impl.getOwner().equals(owner) && methods.contains(body) && isMissing(functionalInterface)) {
                            missing.computeIfAbsent(body, k -> new LinkedHashSet<>()).add(functionalInterface);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return missing;
    }

    /** The supertypes of {@code name}, all the way up, whose class files the class path does not have. */
    private Set<String> missingSupertypes(String name) {
        Set<String> missing = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            ClassInfo info = hierarchy.get(todo.poll());
            if (info == null) {
                continue;
            }
            List<String> up = new ArrayList<>(info.interfaces());
            if (info.superName() != null) {
                up.add(0, info.superName());
            }
            for (String s : up) {
                if (!ClassHierarchy.isPlatform(s) && seen.add(s)) { // a platform type's are platform types
                    if (isMissing(s)) {
                        missing.add(s);
                    } else {
                        todo.add(s);
                    }
                }
            }
        }
        return missing;
    }

    private boolean isMissing(String internalName) {
        return !ClassHierarchy.isPlatform(internalName) && hierarchy.get(internalName) == null;
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
