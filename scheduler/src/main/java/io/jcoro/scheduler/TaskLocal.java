package io.jcoro.scheduler;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.internal.WovenCalls;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value bound for the duration of a body, visible to the code of the task that bound it and inherited
 * by the tasks it spawns: the coroutine counterpart of a {@link ThreadLocal}, with the discipline of
 * Java's {@code ScopedValue} and of Kotlin's coroutine context.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("none");
 *
 * REQUEST_ID.with(id, () -> {
 *     handle(request);                 // REQUEST_ID.get() is id here, across every suspension
 *     Coroutines.spawn(() -> audit()); // and in tasks spawned here, for their whole life
 *     return null;
 * });
 * }</pre>
 *
 * <ul>
 *   <li>{@link #with} binds a value while its body runs (the body may suspend, and resumes on any
 *       thread of the scheduler: the binding belongs to the task, not to a thread) and unbinds it when
 *       the body ends, however it ends. Bindings nest: {@link #get} sees the innermost.
 *   <li>A spawned task starts with a snapshot of the bindings where it was spawned ({@code spawn},
 *       {@code Coroutines.spawn}, {@code blockOn}, on a task or on a plain thread); what the spawner binds
 *       later does not change the child's, nor the other way round. Bindings are immutable, so there is
 *       nothing to race on.
 *   <li>Outside a task (a plain thread, a scheduler's callback) the bindings are the thread's, kept in
 *       a {@link ThreadLocal}.
 *   <li>Unbound, {@link #get} returns the default value ({@link #TaskLocal(Object)}), or a value of the
 *       supplier ({@link #withInitial}), which is called by each unbound {@code get}, so it should be cheap.
 * </ul>
 *
 * <p>To install thread-local state of other libraries (a logging MDC, a tracing span) around every run
 * of a task, read the task's bindings from a {@link ResumeHook} with {@link #get(Task)}.
 */
public final class TaskLocal<T> {
    /** The bindings of code that runs in no task. */
    private static final ThreadLocal<Bindings> THREAD_BINDINGS = new ThreadLocal<>();

    private final Supplier<? extends T> initial;

    /** A task-local whose value is {@code defaultValue} (may be null) where it is not bound. */
    public TaskLocal(T defaultValue) {
        this.initial = () -> defaultValue;
    }

    private TaskLocal(Supplier<? extends T> initial, boolean unused) {
        this.initial = initial;
    }

    /** A task-local whose unbound {@link #get} returns {@code initial.get()}, called each time. */
    public static <T> TaskLocal<T> withInitial(Supplier<? extends T> initial) {
        return new TaskLocal<>(Objects.requireNonNull(initial, "initial"), true);
    }

    /** The innermost value bound in the running task (or, outside a task, on this thread), else the default. */
    public T get() {
        return lookup(bindingsHere());
    }

    /**
     * The value that {@code task} sees: meant for a {@link ResumeHook}, which runs on the thread about to
     * run the task, or for the task itself. From any other thread it reads a recent snapshot of the
     * task's bindings (never a torn one: they are immutable).
     *
     * @throws IllegalArgumentException when {@code task} is not a task of a jcoro {@link Scheduler}
     */
    public T get(Task<?> task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof CoroutineTask)) {
            throw new IllegalArgumentException("not a task of a jcoro scheduler: " + task);
        }
        return lookup(((CoroutineTask<?>) task).locals);
    }

    /**
     * Runs {@code body} with this task-local bound to {@code value} (null allowed), and returns the body's
     * value or throws what it threw, checked exceptions included; the binding ends with the body. In a
     * task the body may suspend; on a plain thread it runs (and blocks) as usual.
     *
     * @throws IllegalStateException inside a plain {@link io.jcoro.Continuation} (one that is not a
     *     scheduler's task): its bindings would be the thread's, and would stay on the thread while it is
     *     suspended
     */
    @Suspendable
    public <R> R with(T value, SuspendableCallable<R> body) {
        Objects.requireNonNull(body, "body");
        CoroutineTask<?> task = CoroutineTask.current();
        if (task != null) {
            Bindings saved = task.locals;
            task.locals = new Bindings(this, value, saved);
            try {
                return body.call();
            } catch (Throwable t) {
                throw Sneaky.<RuntimeException>rethrow(t);
            } finally {
                task.locals = saved; // the same task: its runner is the only thread that touches the field
            }
        }
        if (WovenCalls.currentStore() != null) {
            throw new IllegalStateException("TaskLocal.with called in a plain Continuation: its bindings would be "
                    + "the thread's and would stay bound while it is suspended; bind task-locals in a scheduler's "
                    + "task or on a plain thread");
        }
        Bindings saved = THREAD_BINDINGS.get();
        THREAD_BINDINGS.set(new Bindings(this, value, saved));
        try {
            return body.call();
        } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
        } finally {
            if (saved == null) {
                THREAD_BINDINGS.remove();
            } else {
                THREAD_BINDINGS.set(saved);
            }
        }
    }

    /** The bindings of the running task, or of this thread outside a task: what a task spawned here inherits. */
    static Bindings bindingsHere() {
        CoroutineTask<?> task = CoroutineTask.current();
        return task != null ? task.locals : THREAD_BINDINGS.get();
    }

    @SuppressWarnings("unchecked")
    private T lookup(Bindings bindings) {
        for (Bindings b = bindings; b != null; b = b.next) {
            if (b.key == this) {
                return (T) b.value;
            }
        }
        return initial.get();
    }

    /**
     * An immutable list of bindings, innermost first: {@code with} prepends one and restores the list it
     * had, so a snapshot (a spawned task's) never changes. Final fields: safely published to any thread.
     */
    static final class Bindings {
        final TaskLocal<?> key;
        final Object value;
        final Bindings next;

        Bindings(TaskLocal<?> key, Object value, Bindings next) {
            this.key = key;
            this.value = value;
            this.next = next;
        }
    }
}
