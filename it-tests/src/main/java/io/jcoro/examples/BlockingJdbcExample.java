package io.jcoro.examples;

import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * JDBC from coroutines: 1,000 coroutines on a single-threaded scheduler each look up one row of an
 * embedded, in-memory H2 database. JDBC blocks its thread, so each query runs through
 * {@link Coroutines#blocking} on the scheduler's blocking pool (8 threads here, as many as the
 * connection pool has connections), and the event loop stays free: a ticker coroutine keeps ticking on
 * it while the queries run.
 *
 * <p>Run under the agent: {@code java -javaagent:jcoro-agent.jar -cp ...:h2.jar
 * io.jcoro.examples.BlockingJdbcExample}.
 */
public final class BlockingJdbcExample {
    static final int PEOPLE = 1000;
    static final int THREADS = 8;

    private BlockingJdbcExample() {}

    public static void main(String[] args) throws Exception {
        // an in-memory database lives while a connection is open: the connection pool keeps it until dispose()
        JdbcConnectionPool db = JdbcConnectionPool.create("jdbc:h2:mem:people", "sa", "");
        db.setMaxConnections(THREADS);
        try (Scheduler scheduler = Scheduler.builder().name("jdbc").blockingThreads(THREADS).singleThreaded()) {
            createPeople(db, PEOPLE);
            AtomicInteger ticks = new AtomicInteger();
            List<String> names = lookUpEveryone(scheduler, db, ticks);
            System.out.println(names.size() + " names looked up, first " + names.get(0) + ", last "
                    + names.get(names.size() - 1));
            System.out.println("the loop's timer ticked " + ticks.get() + " times meanwhile");
        } finally {
            db.dispose();
        }
    }

    /**
     * Looks up persons 1..{@link #PEOPLE}, one coroutine each, while a ticker coroutine counts the ticks of
     * a 1 ms timer on the same scheduler into {@code ticks}; returns the names in id order.
     */
    static List<String> lookUpEveryone(Scheduler scheduler, DataSource db, AtomicInteger ticks) throws Exception {
        AtomicBoolean queriesDone = new AtomicBoolean();
        return scheduler.blockOn(() -> {
            Task<Void> ticker = Coroutines.spawn(() -> {
                while (!queriesDone.get()) {
                    Coroutines.sleep(Duration.ofMillis(1));
                    ticks.incrementAndGet();
                }
                return null;
            });
            List<Task<String>> lookups = new ArrayList<>();
            for (int id = 1; id <= PEOPLE; id++) {
                int personId = id;
                lookups.add(Coroutines.spawn(() -> nameOf(db, personId)));
            }
            List<String> found = new ArrayList<>();
            for (Task<String> lookup : lookups) {
                found.add(Async.await(lookup.promise()));
            }
            queriesDone.set(true);
            Async.await(ticker.promise());
            return found;
        });
    }

    /** Looks a person's name up without blocking the scheduler's threads: the query runs on its blocking pool. */
    @Suspendable
    static String nameOf(DataSource db, int id) {
        return Coroutines.blocking(() -> queryName(db, id));
    }

    /** Plain, blocking JDBC. */
    static String queryName(DataSource db, int id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement query = c.prepareStatement("SELECT name FROM people WHERE id = ?")) {
            query.setInt(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no person " + id);
                }
                return rows.getString(1);
            }
        }
    }

    /** Creates the table {@code people(id, name)} with rows 1..n named {@code person-<id>}. */
    static void createPeople(DataSource db, int n) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (Statement ddl = c.createStatement()) {
                ddl.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO people VALUES (?, ?)")) {
                for (int id = 1; id <= n; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "person-" + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
