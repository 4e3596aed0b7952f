package io.jcoro.examples;

import io.jcoro.scheduler.Scheduler;

/** The scheduler a toolkit example runs on, chosen by its first argument. */
final class ExampleSchedulers {
    static final int PARALLEL_THREADS = 4;

    private ExampleSchedulers() {}

    /**
     * {@code single}: one event-loop thread; {@code parallel} (or no argument): {@value #PARALLEL_THREADS}
     * work-stealing threads. The scheduler's threads are named after {@code name}.
     *
     * @throws IllegalArgumentException for any other argument
     */
    static Scheduler fromArgs(String[] args, String name) {
        String kind = args.length == 0 ? "parallel" : args[0];
        switch (kind) {
            case "single":
                return Scheduler.builder().name(name).singleThreaded();
            case "parallel":
                return Scheduler.builder().name(name).parallel(PARALLEL_THREADS);
            default:
                throw new IllegalArgumentException("unknown scheduler '" + kind + "': use single or parallel");
        }
    }
}
