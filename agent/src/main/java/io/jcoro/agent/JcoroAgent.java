package io.jcoro.agent;

import io.jcoro.internal.Frames;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's entry points: {@code premain} for {@code -javaagent:jcoro-agent.jar}, {@code agentmain}
 * for dynamic attach. Installing twice is harmless.
 */
public final class JcoroAgent {
    private static final System.Logger LOG = System.getLogger("io.jcoro.agent");
    private static JcoroTransformer installed;

    private JcoroAgent() {}

    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst);
    }

    /** Registers the transformer, then retransforms already loaded classes that need it. */
    public static synchronized void install(String args, Instrumentation inst) {
        if (installed != null) {
            return;
        }
        AgentOptions options = AgentOptions.parse(args);
        JcoroTransformer transformer = new JcoroTransformer(options);
        transformer.transform(JcoroAgent.class.getClassLoader(), "io/jcoro/Warmup", Warmup.bytes()); // load our own classes now
        inst.addTransformer(transformer, true);
        installed = transformer;
        Frames.markAgentInstalled();
        retransformLoaded(inst, options);
    }

    public static synchronized boolean isInstalled() {
        return installed != null;
    }

    private static void retransformLoaded(Instrumentation inst, AgentOptions options) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (inst.isModifiableClass(c) && !c.isArray() && !c.isPrimitive() && !c.isHidden()
                    && !options.isExcluded(c.getName().replace('.', '/'))) {
                candidates.add(c);
            }
        }
        for (Class<?> c : candidates) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "jcoro could not retransform " + c.getName() + ": " + e);
            }
        }
    }
}
