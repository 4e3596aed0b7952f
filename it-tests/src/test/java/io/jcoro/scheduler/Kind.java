package io.jcoro.scheduler;

import java.time.Duration;

/**
 * The schedulers every behaviour test runs on, the one flavour list of the test tree (as Tokio's
 * {@code rt_test!}): the event loop, and the work-stealing pool with one worker and with two.
 */
public enum Kind {
    SINGLE_THREADED {
        @Override
        Scheduler create(SchedulerBuilder b) {
            return b.singleThreaded();
        }
    },
    PARALLEL_1 {
        @Override
        Scheduler create(SchedulerBuilder b) {
            return b.parallel(1);
        }
    },
    PARALLEL_2 {
        @Override
        Scheduler create(SchedulerBuilder b) {
            return b.parallel(2);
        }
    };

    abstract Scheduler create(SchedulerBuilder b);

    public Scheduler create() {
        return create(Scheduler.builder().closeTimeout(Duration.ofSeconds(30)));
    }

    /** A scheduler of this flavour named {@code name}. */
    public Scheduler create(String name) {
        return create(Scheduler.builder().name(name).closeTimeout(Duration.ofSeconds(30)));
    }

    /** Whether {@code t} is one of the threads on which {@code s} runs tasks. */
    static boolean runsTasks(Scheduler s, Thread t) {
        return ((AbstractScheduler) s).isOwnThread(t);
    }
}
