package io.jcoro.scheduler;

import java.time.Duration;

/** The two schedulers, for parameterized tests. */
enum Kind {
    SINGLE_THREADED {
        @Override
        Scheduler create(SchedulerBuilder b) {
            return b.singleThreaded();
        }
    },
    PARALLEL_2 {
        @Override
        Scheduler create(SchedulerBuilder b) {
            return b.parallel(2);
        }
    };

    abstract Scheduler create(SchedulerBuilder b);

    Scheduler create() {
        return create(Scheduler.builder().closeTimeout(Duration.ofSeconds(30)));
    }

    /** Whether {@code t} is one of the threads on which {@code s} runs tasks. */
    static boolean runsTasks(Scheduler s, Thread t) {
        return ((AbstractScheduler) s).isOwnThread(t);
    }
}
