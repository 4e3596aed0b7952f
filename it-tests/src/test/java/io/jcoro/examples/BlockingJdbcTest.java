package io.jcoro.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real blocking client: 1,000 coroutines on a single-threaded scheduler query an embedded H2 database
 * through {@link Coroutines#blocking} while the loop keeps serving a timer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class BlockingJdbcTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private JdbcConnectionPool db;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = JdbcConnectionPool.create("jdbc:h2:mem:blocking-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        db.setMaxConnections(BlockingJdbcExample.THREADS);
        BlockingJdbcExample.createPeople(db, BlockingJdbcExample.PEOPLE);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
        db.dispose();
    }

    /**
     * Every query's call first waits at a gate that only a timer-driven coroutine on the loop opens, after
     * it ticked {@code TICKS} times and once {@code THREADS} calls wait at the gate at once. Were the calls
     * run on the loop thread, the first one would block the loop, the ticker would never tick, and the
     * test's timeout would fail it; were the pool not limited, more than {@code THREADS} calls would run
     * at once.
     */
    @Test
    void aThousandCoroutinesQueryTheDatabaseWhileTheLoopKeepsServingATimer() throws Exception {
        int threads = BlockingJdbcExample.THREADS;
        int ticksBeforeOpening = 5;
        try (Scheduler s = Scheduler.builder().name("h2-loop").blockingThreads(threads).singleThreaded()) {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch limitReached = new CountDownLatch(threads);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            Set<String> callThreads = ConcurrentHashMap.newKeySet();
            AtomicReference<String> tickerThread = new AtomicReference<>();
            AtomicInteger ticks = new AtomicInteger();
            Task<Void> ticker = s.spawn(() -> {
                tickerThread.set(Thread.currentThread().getName());
                while (ticks.get() < ticksBeforeOpening || limitReached.getCount() > 0) {
                    Coroutines.sleep(Duration.ofMillis(1));
                    ticks.incrementAndGet();
                }
                gate.countDown();
                return null;
            });
            List<Task<String>> lookups = new ArrayList<>();
            for (int id = 1; id <= BlockingJdbcExample.PEOPLE; id++) {
                int personId = id;
                lookups.add(s.spawn(() -> Coroutines.blocking(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        callThreads.add(Thread.currentThread().getName());
                        limitReached.countDown();
                        gate.await();
                        return BlockingJdbcExample.queryName(db, personId);
                    } finally {
                        running.decrementAndGet();
                    }
                })));
            }
            for (int id = 1; id <= BlockingJdbcExample.PEOPLE; id++) {
                assertEquals("person-" + id, Async.await(lookups.get(id - 1).promise()));
            }
            Async.await(ticker.promise());
            assertTrue(ticks.get() >= ticksBeforeOpening);
            assertEquals("h2-loop", tickerThread.get(), "the ticker ran on the loop thread");
            assertEquals(threads, maxRunning.get(), "the limit was reached and never exceeded");
            assertTrue(callThreads.stream().allMatch(n -> n.startsWith("h2-loop-blocking-")), callThreads.toString());
        }
    }

    @Test
    void theExampleLooksEveryoneUp() throws Exception {
        try (Scheduler s = Scheduler.builder().blockingThreads(BlockingJdbcExample.THREADS).singleThreaded()) {
            List<String> names = BlockingJdbcExample.lookUpEveryone(s, db, new AtomicInteger());
            assertEquals(BlockingJdbcExample.PEOPLE, names.size());
            for (int id = 1; id <= BlockingJdbcExample.PEOPLE; id++) {
                assertEquals("person-" + id, names.get(id - 1));
            }
        }
    }

    @Test
    void theExamplesLookupRunsOnTheSchedulerAndASqlErrorComesBackAsItIs() throws Exception {
        try (Scheduler s = Scheduler.builder().blockingThreads(2).singleThreaded()) {
            assertEquals("person-42", s.blockOn(() -> BlockingJdbcExample.nameOf(db, 42)));
            SQLException missing = assertThrows(SQLException.class,
                    () -> s.blockOn(() -> BlockingJdbcExample.nameOf(db, BlockingJdbcExample.PEOPLE + 1)));
            assertEquals("no person " + (BlockingJdbcExample.PEOPLE + 1), missing.getMessage());
        }
    }
}
