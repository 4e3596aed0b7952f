package io.jcoro.agent;

import io.jcoro.agent.hierarchy.ClassHierarchy;
import io.jcoro.agent.hierarchy.SuspendableOracle;
import io.jcoro.agent.transform.AnnotationPolicy;
import io.jcoro.agent.transform.ClassTransformer;
import io.jcoro.agent.transform.MethodOutcome;
import io.jcoro.agent.transform.QuickScan;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;

/**
 * The {@link ClassFileTransformer} the agent registers. It never throws and never stops a class from
 * loading: a class it cannot transform loads unchanged and the failure is logged; a method it cannot
 * transform keeps its code plus guards that make a suspension there fail with the reason.
 */
public final class JcoroTransformer implements ClassFileTransformer {
    private static final System.Logger LOG = System.getLogger("io.jcoro.agent");

    private final AgentOptions options;

    public JcoroTransformer(AgentOptions options) {
        this.options = options;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || options.isExcluded(className)) {
            return null;
        }
        try {
            return transform(loader, className, classfileBuffer);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "jcoro could not transform " + className.replace('/', '.')
                    + "; it loads unchanged, and a suspension in its methods will fail: " + t, t);
            return null;
        }
    }

    byte[] transform(ClassLoader loader, String className, byte[] bytes) {
        ClassHierarchy hierarchy = ClassHierarchy.of(loader);
        SuspendableOracle oracle = new SuspendableOracle(hierarchy);
        if (!QuickScan.mayNeedTransform(bytes, oracle)) {
            return null;
        }
        ClassTransformer.Result result = new ClassTransformer(hierarchy, new AnnotationPolicy(oracle)).transform(bytes);
        for (MethodOutcome outcome : result.outcomes()) {
            if (outcome.kind() == MethodOutcome.Kind.REFUSED) {
                LOG.log(System.Logger.Level.WARNING, "jcoro: " + outcome);
            } else if (options.verbose()) {
                LOG.log(System.Logger.Level.INFO, "jcoro: " + outcome);
            }
        }
        if (result.bytes() != null && options.dumpDir() != null) {
            dump(className, result.bytes());
        }
        return result.bytes();
    }

    private void dump(String className, byte[] bytes) {
        Path file = options.dumpDir().resolve(className + ".class");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "jcoro could not dump " + className + " to " + file + ": " + e);
        }
    }
}
