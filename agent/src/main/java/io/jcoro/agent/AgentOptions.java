package io.jcoro.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, from {@code -javaagent:jcoro-agent.jar=opt1,opt2=value}:
 * {@code verbose} logs every transformed method; {@code exclude=a.b;c.d} skips packages (prefixes).
 */
public final class AgentOptions {
    private static final String[] ALWAYS_EXCLUDED = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/",
        "io/jcoro/agent/", "io/jcoro/shaded/", "io/jcoro/internal/", "io/jcoro/Continuation",
        "org/objectweb/asm/", "net/bytebuddy/", "org/junit/", "org/apache/maven/surefire/",
    };

    private final boolean verbose;
    private final List<String> excluded;

    private AgentOptions(boolean verbose, List<String> excluded) {
        this.verbose = verbose;
        this.excluded = List.copyOf(excluded);
    }

    public static AgentOptions parse(String args) {
        boolean verbose = false;
        List<String> excluded = new ArrayList<>(List.of(ALWAYS_EXCLUDED));
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                String o = option.trim();
                if (o.equals("verbose")) {
                    verbose = true;
                } else if (o.startsWith("exclude=")) {
                    for (String p : o.substring("exclude=".length()).split(";")) {
                        if (!p.isBlank()) {
                            excluded.add(p.trim().replace('.', '/'));
                        }
                    }
                } else if (!o.isEmpty()) {
                    throw new IllegalArgumentException("unknown jcoro agent option '" + o
                            + "'; known options: verbose, exclude=package.prefix;other.prefix");
                }
            }
        }
        return new AgentOptions(verbose, excluded);
    }

    public boolean verbose() {
        return verbose;
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
