package io.jcoro.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, from {@code -javaagent:jcoro-agent.jar=opt1,opt2=value}:
 * {@code verbose} logs every transformed method; {@code exclude=a.b;c.d} skips packages (prefixes);
 * {@code dump=DIR} writes every transformed class file under DIR; {@code strict} makes every
 * transformation error (a method the transformer refuses, a class it fails on) fatal instead of a
 * warning (see {@link JcoroTransformer}).
 *
 * <p>When the agent gets no options at all (an executable jar's {@code Launcher-Agent-Class}, or
 * {@code JCoro.install()}), it takes them from the system property {@value #OPTIONS_PROPERTY}.
 */
public final class AgentOptions {
    private static final String[] ALWAYS_EXCLUDED = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/",
        "io/jcoro/agent/", "io/jcoro/weaver/", "io/jcoro/shaded/", "io/jcoro/internal/", "io/jcoro/Continuation",
        "org/objectweb/asm/", "net/bytebuddy/", "org/junit/", "org/apache/maven/surefire/",
    };

    /** Where the options come from when the agent is given none. */
    public static final String OPTIONS_PROPERTY = "jcoro.agent.options";

    private final boolean verbose;
    private final boolean strict;
    private final List<String> excluded;
    private final Path dumpDir;

    private AgentOptions(boolean verbose, boolean strict, List<String> excluded, Path dumpDir) {
        this.verbose = verbose;
        this.strict = strict;
        this.excluded = List.copyOf(excluded);
        this.dumpDir = dumpDir;
    }

    /** The options in {@code args}, or when it is null or blank, in the system property {@value #OPTIONS_PROPERTY}. */
    public static AgentOptions fromArgsOrProperty(String args) {
        return parse(args == null || args.isBlank() ? System.getProperty(OPTIONS_PROPERTY) : args);
    }

    public static AgentOptions parse(String args) {
        boolean verbose = false;
        boolean strict = false;
        Path dumpDir = null;
        List<String> excluded = new ArrayList<>(List.of(ALWAYS_EXCLUDED));
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                String o = option.trim();
                if (o.equals("verbose")) {
                    verbose = true;
                } else if (o.equals("strict")) {
                    strict = true;
                } else if (o.startsWith("exclude=")) {
                    for (String p : o.substring("exclude=".length()).split(";")) {
                        if (!p.isBlank()) {
                            excluded.add(p.trim().replace('.', '/'));
                        }
                    }
                } else if (o.startsWith("dump=")) {
                    dumpDir = Path.of(o.substring("dump=".length()));
                } else if (!o.isEmpty()) {
                    throw new IllegalArgumentException("unknown jcoro agent option '" + o
                            + "'; known options: verbose, strict, dump=DIR, "
                            + "exclude=package.prefix;other.prefix");
                }
            }
        }
        return new AgentOptions(verbose, strict, excluded, dumpDir);
    }

    public boolean verbose() {
        return verbose;
    }

    /** Whether a transformation error stops the JVM instead of being logged as a warning. */
    public boolean strict() {
        return strict;
    }

    /** Where to write transformed class files, or null. */
    public Path dumpDir() {
        return dumpDir;
    }

    public boolean isExcluded(String internalName) {
        for (String prefix : excluded) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
