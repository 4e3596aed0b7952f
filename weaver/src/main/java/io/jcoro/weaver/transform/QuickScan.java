package io.jcoro.weaver.transform;

import io.jcoro.weaver.hierarchy.ClassFileScan;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import org.objectweb.asm.Type;

/**
 * Decides cheaply, from one pass over the constant pool ({@link ClassFileScan}: no ASM, no tree),
 * whether a class may have anything to transform. It may when:
 * <ol>
 * <li>it names {@code io/jcoro/} (it uses the API, or is annotated {@code @Suspendable} or
 *     {@code @JcoroTest}: an annotation's type is a constant-pool string of the class that carries it),
 *     unless it lives under {@code io/jcoro/} itself, where its own name says that already;
 * <li>a supertype declares a suspendable method (it may override one);
 * <li>it creates lambdas of a functional interface that declares one (the {@code invokedynamic}'s type);
 * <li>it calls a method of a class that declares one, or inherits one (a {@code Methodref} or
 *     {@code InterfaceMethodref}: a plain method calling a suspendable one gets a guard that names it
 *     if a suspension passes through).
 * </ol>
 * Why nothing else can make the full path change a class: the transformer only rewrites instructions
 * that call a suspendable method (weaving them in suspendable methods, guarding them elsewhere), so a
 * class without a {@code Methodref}/{@code InterfaceMethodref} to a suspendable method is never
 * rewritten (4). A method is suspendable only if a class up its owner's hierarchy is annotated (it then
 * names {@code io/jcoro/}) or is named by a declarations file: both are what the oracle's
 * "suspendable in hierarchy" answers from, so (4) is checked with it, per owner. The remaining effect
 * of the full path, telling the runtime which methods JDK code may call back
 * ({@code calledByCodeNotWoven}), needs a platform supertype or a platform functional interface named
 * by a declarations file, which (2) and (3) cover. (2) and (3) are wider than needed (an override or a
 * lambda body without suspendable calls is left as it is), and kept as the cheap superset they are;
 * (1) is a shortcut, not a necessary condition (an annotated method that calls nothing suspendable is
 * left as it is too, and one that does is found by (4)): {@link #reachesSuspendable} is (2) to (4) alone.
 *
 * <p>Classes passed by are recorded in the hierarchy from the same scan ({@link
 * ClassHierarchy#registerScanned}), so a later class that names one needs no resource read; classes
 * read for the questions above get a light info from the same kind of scan, their methods parsed only
 * when asked for. What is learnt about other classes is cached per loader.
 */
public final class QuickScan {
    private QuickScan() {}

    /** Whether the class may need weaving; false for a class woven at build time already. */
    public static boolean mayNeedTransform(byte[] bytes, SuspendableOracle oracle) {
        ClassFileScan scan = ClassFileScan.of(bytes);
        if (scan.mentionsJcoro()) {
            if (isWovenAtBuildTime(scan)) {
                oracle.hierarchy().registerScanned(scan, bytes);
                return false;
            }
            // a class of a package under io/jcoro/ names io/jcoro/ by its own name: the shortcut says
            // nothing there (jcoro's examples and benchmarks, which would all be parsed in full otherwise)
            if (scan.namesJcoro()) {
                return true;
            }
        }
        return reachesSuspendable(scan, bytes, oracle);
    }

    /** Whether a class file carries the marker of build-time weaving ({@code @io.jcoro.internal.Woven}). */
    public static boolean isWovenAtBuildTime(byte[] bytes) {
        ClassFileScan scan = ClassFileScan.of(bytes);
        return scan.mentionsJcoro() && isWovenAtBuildTime(scan);
    }

    private static boolean isWovenAtBuildTime(ClassFileScan scan) {
        return scan.hasUtf8(BuildRegistration.MARKER);
    }

    /**
     * Conditions (2) to (4) alone, without the shortcut of (1): by the argument above they are enough by
     * themselves (a class that names jcoro changes only if it calls a suspendable method), which the
     * tests check on classes that all name jcoro (jcoro's own examples, in package io.jcoro.examples).
     */
    public static boolean reachesSuspendable(byte[] bytes, SuspendableOracle oracle) {
        return reachesSuspendable(ClassFileScan.of(bytes), bytes, oracle);
    }

    private static boolean reachesSuspendable(ClassFileScan scan, byte[] bytes, SuspendableOracle oracle) {
        oracle.hierarchy().registerScanned(scan, bytes);
        if (scan.superName() != null && oracle.hasSuspendableInHierarchy(scan.superName())) {
            return true;
        }
        for (String i : scan.interfaces()) {
            if (oracle.hasSuspendableInHierarchy(i)) {
                return true;
            }
        }
        // a constructor is never suspendable (the full path never guards a call to one): super(...) and
        // new X(...) ask nothing; each owner is asked once, and a platform owner only if the declarations
        // name a platform class (otherwise the oracle says no without looking)
        for (String owner : scan.methodRefOwners(oracle.hierarchy().declarations().mentionsPlatform())) {
            if (oracle.hasSuspendableInHierarchy(owner)) {
                return true;
            }
        }
        for (String desc : scan.invokeDynamicDescriptors()) {
            Type returned = Type.getReturnType(desc);
            if (returned.getSort() == Type.OBJECT && oracle.hasSuspendableInHierarchy(returned.getInternalName())) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
