package io.jcoro.agent;

import io.jcoro.internal.AgentPresence;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's entry points: {@code premain} for {@code -javaagent:jcoro-agent.jar}, {@code agentmain}
 * for dynamic attach and for an executable jar's {@code Launcher-Agent-Class}. Installing twice is
 * harmless: the second time does nothing.
 *
 * <p>{@code agentmain} also runs commands against a JVM where the agent is installed, through
 * {@code jcmd <pid> JVMTI.agent_load /path/to/jcoro-agent.jar <command>} (see {@link AgentCommand}):
 * {@code coroutines} prints every unfinished coroutine with its logical stack.
 */
public final class JcoroAgent {
    private static JcoroTransformer installed;

    private JcoroAgent() {}

    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        if (AgentCommand.runIfCommand(args)) {
            return;
        }
        install(args, inst);
    }

    /**
     * Registers the transformer, then retransforms already loaded classes that need it. With no
     * {@code args} the options come from the system property {@value AgentOptions#OPTIONS_PROPERTY}.
     *
     * @throws IllegalStateException in strict mode, when a class already loaded has a transformation
     *     error (from premain, this stops the JVM before main runs; otherwise the agent stays installed,
     *     and a later class with an error halts the JVM)
     */
    public static synchronized void install(String args, Instrumentation inst) {
        if (installed != null) {
            return;
        }
        requireRuntime();
        AgentOptions options = AgentOptions.fromArgsOrProperty(args);
        // only the paths that every class takes are warmed (Warmup): the weaving path's classes (ASM among
        // them) load when a class first needs weaving, and a program with none (or woven at build time)
        // never pays for them
        JcoroTransformer transformer = new JcoroTransformer(options);
        Warmup.run(transformer);
        transformer.startCollecting();
        // an executable jar's manifest may lack Can-Retransform-Classes: then only classes loaded from
        // now on are transformed, which for Launcher-Agent-Class (it runs before the main class loads) is all
        boolean retransform = inst.isRetransformClassesSupported();
        inst.addTransformer(transformer, retransform);
        installed = transformer;
        AgentPresence.markInstalled();
        if (retransform) {
            retransformLoaded(inst, options);
        }
        List<String> errors = transformer.stopCollecting();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("jcoro (strict): " + errors.size() + " transformation error(s) while the "
                    + "agent started:\n  " + String.join("\n  ", errors));
        }
    }

    /**
     * The agent jar holds only the agent: the runtime it links to (jcoro-continuation-api, and the
     * scheduler beside it) comes from the program's class path, so that no class is in two jars. Without
     * it the JVM would stop on a bare {@code NoClassDefFoundError} from inside premain; say what is missing.
     */
    private static void requireRuntime() {
        try {
            // loads the one runtime class the agent needs while the JVM starts (a resource lookup of its own
            // would search the class path a second time)
            AgentPresence.isInstalled();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("jcoro: the jcoro runtime is not on the class path (io.jcoro.internal."
                    + "AgentPresence of jcoro-continuation-api was not found). jcoro-agent.jar holds only the agent: put "
                    + "jcoro-continuation-api and jcoro-scheduler on the class path of the program it runs, as in "
                    + "java -javaagent:jcoro-agent.jar -cp app.jar:jcoro-continuation-api.jar:jcoro-scheduler.jar Main", e);
        }
    }

    public static synchronized boolean isInstalled() {
        return installed != null;
    }

    private static void retransformLoaded(Instrumentation inst, AgentOptions options) {
        List<Class<?>> candidates = new ArrayList<>();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        ModuleLayer boot = ModuleLayer.boot();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (isJdkClass(c, boot, platform)) {
                continue; // most of what is loaded, asked first: a class's name is a string made on request
            }
            if (inst.isModifiableClass(c) && !c.isArray() && !c.isPrimitive() && !c.isHidden()
                    && !options.isExcluded(c.getName().replace('.', '/'))) {
                candidates.add(c);
            }
        }
        for (Class<?> c : candidates) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                AgentLog.log(System.Logger.Level.WARNING, "jcoro could not retransform " + c.getName() + ": " + e);
            }
        }
    }

    /**
     * Whether {@code c} belongs to a module of the JDK itself: a named module of the boot layer,
     * defined to the boot or the platform loader. None of them can use jcoro, so none is retransformed;
     * a class appended to the boot class path is in the boot loader's unnamed module, and an
     * application's modules are defined to the application loader, so both are still looked at.
     */
    static boolean isJdkClass(Class<?> c, ModuleLayer boot, ClassLoader platform) {
        ClassLoader loader = c.getClassLoader();
        return (loader == null || loader == platform) && c.getModule().getLayer() == boot;
    }
}
