package io.jcoro.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/** Options for a new {@link Scheduler}; get one from {@link Scheduler#builder()}. */
public final class SchedulerBuilder {
    /** System property: the default blocked threshold in milliseconds; 0 turns the detector off. */
    public static final String BLOCKED_THRESHOLD_PROPERTY = "jcoro.scheduler.blockedThresholdMillis";
    static final long DEFAULT_BLOCKED_THRESHOLD_MILLIS = 2000;
    /** The default limit of {@link #blockingThreads}, as Tokio's {@code max_blocking_threads}. */
    static final int DEFAULT_BLOCKING_THREADS = 512;

    private static final AtomicInteger COUNT = new AtomicInteger();

    private String name;
    private Duration blockedThreshold = defaultBlockedThreshold();
    private BlockedTaskReporter blockedReporter;
    private UnobservedFailureHandler unobservedFailureHandler;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private int blockingThreads = DEFAULT_BLOCKING_THREADS;
    private ResumeHook resumeHook;

    SchedulerBuilder() {}

    /** The scheduler's name; its threads' names start with it. Default {@code jcoro-N}. */
    public SchedulerBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * How long a task may run without suspending before it is reported as blocking its thread;
     * {@link Duration#ZERO} turns the detector off. Default: the system property
     * {@value #BLOCKED_THRESHOLD_PROPERTY} (milliseconds), else 2 seconds.
     */
    public SchedulerBuilder blockedThreshold(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("negative blocked threshold: " + threshold);
        }
        this.blockedThreshold = threshold;
        return this;
    }

    /** Where blocked-task reports go. Default {@link BlockedTaskReporter#systemLogger()}. */
    public SchedulerBuilder blockedReporter(BlockedTaskReporter reporter) {
        this.blockedReporter = Objects.requireNonNull(reporter, "reporter");
        return this;
    }

    /**
     * Where the failures of tasks that nobody observed go, instead of the default
     * {@link UnobservedFailureHandler#systemLogger()}; see {@link UnobservedFailureHandler} for when a
     * failure counts as unobserved.
     */
    public SchedulerBuilder unobservedFailureHandler(UnobservedFailureHandler handler) {
        this.unobservedFailureHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** How long {@link Scheduler#close()} lets cancelled tasks finish before abandoning them. Default 10 s. */
    public SchedulerBuilder closeTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative close timeout: " + timeout);
        }
        this.closeTimeout = timeout;
        return this;
    }

    /**
     * The most threads {@link Coroutines#blocking} may run blocking calls on at once; calls beyond it
     * wait in FIFO order. Threads are started on demand and end after 10 s idle. Default 512, as
     * Tokio's {@code max_blocking_threads}.
     *
     * @throws IllegalArgumentException when {@code threads} is less than 1
     */
    public SchedulerBuilder blockingThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("blockingThreads must be at least 1, not " + threads);
        }
        this.blockingThreads = threads;
        return this;
    }

    /**
     * Called around every run of every task of the scheduler, on the thread that runs it, to install and
     * restore thread-local state (an MDC, a tracing span); see {@link ResumeHook}. Default: none.
     */
    public SchedulerBuilder resumeHook(ResumeHook hook) {
        this.resumeHook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    public Scheduler singleThreaded() {
        return new EventLoopScheduler(settings("loop"));
    }

    public Scheduler parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        return new ParallelScheduler(settings("parallel"), threads);
    }

    /**
     * A {@link TestScheduler} with these options: virtual time, tasks run in FIFO order on the thread
     * that drives it. The blocked threshold is ignored (no detection on virtual time).
     */
    public TestScheduler virtualTime() {
        return virtualTime(0, ScheduleStrategy.fifo());
    }

    /**
     * A {@link TestScheduler} with these options whose every choice of the next task to run (and of the
     * order of timers due at the same instant) {@code strategy} draws from a PRNG seeded with
     * {@code seed}: the same seed and strategy give the same interleaving.
     */
    public TestScheduler virtualTime(long seed, ScheduleStrategy strategy) {
        return new TestScheduler(settings("test"), seed, strategy);
    }

    private Settings settings(String kind) {
        String n = name != null ? name : "jcoro-" + kind + "-" + COUNT.incrementAndGet();
        BlockedTaskReporter r = blockedReporter != null ? blockedReporter : BlockedTaskReporter.systemLogger();
        UnobservedFailureHandler u = unobservedFailureHandler != null ? unobservedFailureHandler
                : UnobservedFailureHandler.systemLogger();
        return new Settings(n, blockedThreshold, r, closeTimeout, u, blockingThreads, resumeHook, Clock.SYSTEM);
    }

    static Duration defaultBlockedThreshold() {
        String value = System.getProperty(BLOCKED_THRESHOLD_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(DEFAULT_BLOCKED_THRESHOLD_MILLIS);
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis < 0) {
                throw new NumberFormatException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BLOCKED_THRESHOLD_PROPERTY + " must be a number of milliseconds "
                    + "(0 turns the detector off), not '" + value + "'", e);
        }
    }

    /** The options a scheduler was built with. */
    record Settings(String name, Duration blockedThreshold, BlockedTaskReporter blockedReporter,
                    Duration closeTimeout, UnobservedFailureHandler unobservedFailureHandler,
                    int blockingThreads, ResumeHook resumeHook, Clock clock) {
        /** The same options on {@code clock} (a {@link TestScheduler}'s), without blocked-task detection. */
        Settings forVirtualTime(Clock clock) {
            return new Settings(name, Duration.ZERO, blockedReporter, closeTimeout, unobservedFailureHandler,
                    blockingThreads, resumeHook, clock);
        }
    }
}
