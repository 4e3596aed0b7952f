package io.jcoro.agent;

import io.jcoro.scheduler.CoroutineDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Commands that {@code agentmain} runs instead of installing the agent, so that a tool outside the
 * JVM can ask a running program for information:
 *
 * <pre>
 * jcmd &lt;pid&gt; JVMTI.agent_load /path/to/jcoro-agent.jar coroutines          # dump to the program's stdout
 * jcmd &lt;pid&gt; JVMTI.agent_load /path/to/jcoro-agent.jar coroutines:/tmp/c.txt  # dump to a file
 * </pre>
 *
 * {@code coroutines} writes {@link CoroutineDump#all()}: every unfinished coroutine of every open
 * scheduler, with its state and logical stack.
 */
final class AgentCommand {
    static final String COROUTINES = "coroutines";

    private AgentCommand() {}

    /** Runs {@code args} if it is a command; returns whether it was one. */
    static boolean runIfCommand(String args) {
        if (args == null) {
            return false;
        }
        String a = args.trim();
        if (a.equals(COROUTINES)) {
            System.out.print(CoroutineDump.all());
            System.out.flush();
            return true;
        }
        if (a.startsWith(COROUTINES + ":")) {
            Path file = Path.of(a.substring(COROUTINES.length() + 1));
            try {
                Files.writeString(file, CoroutineDump.all(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("jcoro could not write the coroutine dump to " + file + ": " + e, e);
            }
            return true;
        }
        return false;
    }
}
