package io.jcoro.scheduler;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link SchedulerStats}. */
final class Counters {
    final LongAdder spawned = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder resumes = new LongAdder();
    final LongAdder spuriousResumes = new LongAdder();
    final LongAdder doubleRuns = new LongAdder();
    final LongAdder blockedReports = new LongAdder();

    SchedulerStats snapshot() {
        return new SchedulerStats(spawned.sum(), finished.sum(), resumes.sum(), spuriousResumes.sum(),
                doubleRuns.sum(), blockedReports.sum());
    }
}
