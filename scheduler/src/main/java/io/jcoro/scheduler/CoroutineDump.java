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

    /**
     * The infos of {@code tasks}, consistent in what each awaits: every task's state is read first, and
     * the names of tasks by their promises only afterwards. A task awaits another's promise only after
     * someone asked for that promise (made it), and the dump reads an await after the awaiting task
     * published it (its run state, a volatile field, is read first), so the promise is in the names
     * then. The other order, names first, showed {@code Promise[pending]} for a promise made between the
     * two. The dumped tasks count among the named ones even if they finished meanwhile.
     */
    static List<CoroutineInfo> snapshot(List<CoroutineTask<?>> tasks) {
        List<CoroutineTask.Observation> observed = new ArrayList<>(tasks.size());
        for (CoroutineTask<?> t : tasks) {
            CoroutineTask.Observation o = t.snapshot();
            if (o != null) {
                observed.add(o);
            }
        }
        Map<Object, String> names = tasksByPromise();
        for (CoroutineTask<?> t : tasks) {
            Object promise = t.promiseIfMade();
            if (promise != null) {
                names.putIfAbsent(promise, t.name());
            }
        }
        List<CoroutineInfo> infos = new ArrayList<>(observed.size());
        for (CoroutineTask.Observation o : observed) {
            Object awaited = o.awaited();
            CoroutineInfo info = o.info();
            infos.add(awaited == null ? info : new CoroutineInfo(info.name(), info.state(), info.cancelled(),
                    names.containsKey(awaited) ? "task " + names.get(awaited) : awaited.toString(), info.thread(),
                    info.stack(), info.parent()));
        }
        return infos;
    }
}
