package io.jcoro.agent;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.hierarchy.SuspendableOracle;
import io.jcoro.weaver.transform.AnnotationPolicy;
import io.jcoro.weaver.transform.ClassTransformer;
import io.jcoro.weaver.transform.MethodOutcome;
import io.jcoro.weaver.transform.QuickScan;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ClassFileTransformer} the agent registers. It never throws and never stops a class from
 * loading: a class it cannot transform loads unchanged and the failure is logged; a method it cannot
 * transform keeps its code plus guards that make a suspension there fail with the reason.
 *
 * <p>With the {@code strict} option those transformation errors are fatal instead. While the agent
 * starts ({@link #startCollecting()} .. {@link #stopCollecting()}: premain, agentmain or
 * {@code JCoro.install()}, which retransform the classes already loaded) they are collected and the
 * start fails with all of them; afterwards, the first class with an error halts the JVM with exit
 * status {@value #STRICT_EXIT_STATUS} after printing the error on standard error (a transformer cannot
 * make a class fail to load, and halting, unlike {@code System.exit}, cannot deadlock on the class
 * loading lock the JVM holds while it calls a transformer).
 */
public final class JcoroTransformer implements ClassFileTransformer {
    /** The exit status of a JVM that strict mode stops (EX_SOFTWARE). */
    public static final int STRICT_EXIT_STATUS = 70;

    private final AgentOptions options;
    /** Strict errors found while the agent starts; null when not starting. */
    private List<String> startupErrors;

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
            return transform(loader, className, classfileBuffer, classBeingRedefined != null);
        } catch (Throwable t) {
            String message = "jcoro could not transform " + className.replace('/', '.')
                    + "; it loads unchanged, and a suspension in its methods will fail: " + t;
            if (options.strict()) {
                strictError(message);
            } else {
                AgentLog.log(System.Logger.Level.WARNING, message, t);
            }
            return null;
        }
    }

    byte[] transform(ClassLoader loader, String className, byte[] bytes) {
        return transform(loader, className, bytes, false);
    }

    private byte[] transform(ClassLoader loader, String className, byte[] bytes, boolean retransforming) {
        ClassHierarchy hierarchy = ClassHierarchy.of(loader);
        SuspendableOracle oracle = new SuspendableOracle(hierarchy);
        if (!QuickScan.mayNeedTransform(bytes, oracle)) {
            return null;
        }
        ClassTransformer.Result result;
        try {
            result = new ClassTransformer(hierarchy, new AnnotationPolicy(oracle))
                    .transform(bytes, new AgentRegistration(loader, retransforming));
        } catch (TransformException e) {
            throw new IllegalStateException("the agent's registration refused " + className + ": " + e.getMessage(), e);
        }
        for (MethodOutcome outcome : result.outcomes()) {
            if (outcome.kind() == MethodOutcome.Kind.REFUSED) {
                if (options.strict()) {
                    strictError("jcoro: " + outcome);
                } else {
                    AgentLog.log(System.Logger.Level.WARNING, "jcoro: " + outcome);
                }
            } else if (options.verbose()) {
                AgentLog.log(System.Logger.Level.INFO, "jcoro: " + outcome);
            }
        }
        if (result.bytes() != null && options.dumpDir() != null) {
            dump(className, result.bytes());
        }
        return result.bytes();
    }

    /** From now until {@link #stopCollecting()}, strict errors are collected instead of halting the JVM. */
    synchronized void startCollecting() {
        startupErrors = new ArrayList<>();
    }

    /** The strict errors collected since {@link #startCollecting()}; later errors halt the JVM. */
    synchronized List<String> stopCollecting() {
        List<String> errors = startupErrors == null ? List.of() : List.copyOf(startupErrors);
        startupErrors = null;
        return errors;
    }

    private void strictError(String message) {
        synchronized (this) {
            if (startupErrors != null) {
                startupErrors.add(message);
                return;
            }
        }
        System.err.println(message);
        System.err.println("jcoro (strict): a transformation error is fatal in strict mode; halting the JVM with exit "
                + "status " + STRICT_EXIT_STATUS);
        System.err.flush();
        Runtime.getRuntime().halt(STRICT_EXIT_STATUS);
    }

    private void dump(String className, byte[] bytes) {
        Path file = options.dumpDir().resolve(className + ".class");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            AgentLog.log(System.Logger.Level.WARNING, "jcoro could not dump " + className + " to " + file + ": " + e);
        }
    }
}
