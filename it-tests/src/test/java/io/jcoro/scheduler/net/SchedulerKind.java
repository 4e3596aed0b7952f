package io.jcoro.scheduler.net;

import io.jcoro.scheduler.Scheduler;
import java.time.Duration;

/** The two schedulers the socket tests run on. */
enum SchedulerKind {
    SINGLE_THREADED {
        @Override
        Scheduler create(String name) {
            return Scheduler.builder().name(name).closeTimeout(Duration.ofSeconds(30)).singleThreaded();
        }
    },
    PARALLEL_2 {
        @Override
        Scheduler create(String name) {
            return Scheduler.builder().name(name).closeTimeout(Duration.ofSeconds(30)).parallel(2);
        }
    };

    abstract Scheduler create(String name);
}
