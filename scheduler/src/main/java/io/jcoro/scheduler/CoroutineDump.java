package io.jcoro.scheduler;

import io.jcoro.debug.LogicalStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Dumps of unfinished coroutines as text, like a thread dump: each task with its state and its
 * logical stack. {@link #all()} covers every scheduler of the JVM that is not closed; from outside
 * the JVM, {@code jcmd <pid> JVMTI.agent_load /path/to/jcoro-agent.jar coroutines} prints the same
 * on the program's standard output (see the README's "Debugging and tooling").
 *
 * <pre>
 * jcoro coroutines of scheduler "main" (2 unfinished)
 * "main-task-1" suspended, awaiting task main-task-2
 * 	at io.jcoro.Async.await(Async.java:49)
 * 	at com.example.Orders.load(Orders.java:27)
 * 	...
 * </pre>
 */
public final class CoroutineDump {
    /** The schedulers not closed yet; weak, so a scheduler dropped without close is not kept. */
    private static final Set<AbstractScheduler> OPEN = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private CoroutineDump() {}

    static void opened(AbstractScheduler scheduler) {
        OPEN.add(scheduler);
    }

    static void closed(AbstractScheduler scheduler) {
        OPEN.remove(scheduler);
    }

    /** The schedulers of this JVM that are not closed. */
    public static List<Scheduler> schedulers() {
        synchronized (OPEN) {
            return List.copyOf(OPEN);
        }
    }

    /** A dump of every unfinished coroutine of every open scheduler in this JVM. */
    public static String all() {
        List<Scheduler> schedulers = schedulers();
        if (schedulers.isEmpty()) {
            return "jcoro coroutines: no open scheduler\n";
        }
        StringBuilder out = new StringBuilder();
        for (Scheduler s : schedulers) {
            out.append(of(s));
        }
        return out.toString();
    }

    /** A dump of the unfinished coroutines of {@code scheduler}. */
    public static String of(Scheduler scheduler) {
        return format(scheduler.name(), scheduler.coroutines());
    }

    static String format(String schedulerName, List<CoroutineInfo> coroutines) {
        StringBuilder out = new StringBuilder("jcoro coroutines of scheduler \"").append(schedulerName).append("\" (")
                .append(coroutines.size()).append(" unfinished)\n");
        for (CoroutineInfo c : coroutines) {
            out.append(c.describe()).append('\n').append(LogicalStack.format(c.stack())).append('\n');
        }
        return out.toString();
    }

    /** The names of the tasks of every open scheduler by their promises: what "awaiting task X" is made of. */
    static Map<Object, String> tasksByPromise() {
        Map<Object, String> names = new java.util.IdentityHashMap<>();
        for (Scheduler s : schedulers()) {
            for (CoroutineTask<?> t : ((AbstractScheduler) s).unfinishedTasks()) {
                Object promise = t.promiseIfMade(); // a task whose promise nobody asked for is awaited by none
                if (promise != null) {
                    names.put(promise, t.name());
                }
            }
        }
        return names;
    }

    static List<CoroutineInfo> snapshot(List<CoroutineTask<?>> tasks) {
        Map<Object, String> names = tasksByPromise();
        List<CoroutineInfo> infos = new ArrayList<>(tasks.size());
        for (CoroutineTask<?> t : tasks) {
            CoroutineInfo info = t.snapshot(names);
            if (info != null) {
                infos.add(info);
            }
        }
        return infos;
    }
}
