package io.jcoro.examples;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.ScheduleStrategy;
import io.jcoro.scheduler.TestScheduler;
import io.jcoro.scheduler.sync.Channel;
import io.jcoro.scheduler.sync.Mutex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A check-then-act race across an await, found by exploring interleavings and replayed by its seed.
 *
 * <p>Alice has 100. Two payments of 60 leave her account at the same moment: the rent, and the
 * groceries, whose shop is looked up first. A transfer reads the balance, refuses if it is too low,
 * waits for the fraud service's approval, then writes the balance it read minus the amount. If the
 * second transfer reads the balance while the first waits for its approval, both see 100, both pay, and
 * 60 is created out of nothing. In the plain order (FIFO, as {@code Scheduler.singleThreaded()} runs the
 * tasks) the shop's look-up delays the groceries until the rent is written, and the day comes out right:
 * the bug hides. {@link TestScheduler#explore} tries other orders and finds it; the seed it names replays
 * it. The fix holds a {@link Mutex} from the read to the write.
 *
 * <p>Prints the plain run, what exploring the racy bank found, a replay of that seed, and the fixed
 * bank's exploration. Run under the agent: {@code scripts/demo io.jcoro.examples.BankTransferExample}.
 */
public final class BankTransferExample {
    private BankTransferExample() {}

    /** Accounts; transfers go through a fraud service, a task that approves each check in turn. */
    static final class Bank {
        private final Map<String, Long> balances = new LinkedHashMap<>();
        private final Channel<Promise<Void>> fraudChecks = Channel.unbounded();
        /** Held from the read of a balance to its write; null in the racy bank. */
        private final Mutex mutex;

        Bank(boolean fixed) {
            this.mutex = fixed ? new Mutex() : null;
            balances.put("alice", 100L);
            balances.put("landlord", 0L);
            balances.put("grocer", 0L);
        }

        /** Moves {@code amount} if {@code from} has it; false (and nothing moves) if not. */
        @Suspendable
        boolean transfer(String from, String to, long amount) throws Exception {
            if (mutex == null) {
                return transferUnlocked(from, to, amount);
            }
            return mutex.withLock(() -> transferUnlocked(from, to, amount));
        }

        @Suspendable
        private boolean transferUnlocked(String from, String to, long amount) {
            long balance = balances.get(from);           // check...
            if (balance < amount) {
                return false;
            }
            Promise<Void> approved = Promise.create();
            fraudChecks.send(approved);
            Async.await(approved);                       // ...await (other tasks run)...
            balances.put(from, balance - amount);        // ...act on the balance read before the await
            balances.put(to, balances.get(to) + amount);
            return true;
        }

        /** The fraud service's loop: approves every check, until the bank closes. */
        @Suspendable
        void serveFraudChecks() {
            for (Promise<Void> check = fraudChecks.receiveOrNull(); check != null; check = fraudChecks.receiveOrNull()) {
                check.complete(null);
            }
        }

        /** The grocer's account, looked up in the bank's directory (a round trip to the fraud service here). */
        @Suspendable
        String lookUpShop() {
            Promise<Void> found = Promise.create();
            fraudChecks.send(found);
            Async.await(found);
            return "grocer";
        }

        void close() {
            fraudChecks.close();
        }

        long total() {
            return balances.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return balances.toString();
        }
    }

    /**
     * One day of the bank: the two payments at once, then the check that no money was made or lost.
     *
     * @throws AssertionError when the balances do not add up to the 100 there was
     */
    @Suspendable
    static Bank day(boolean fixed) {
        Bank bank = new Bank(fixed);
        Coroutines.scope(() -> {
            Coroutines.spawn(() -> {
                bank.serveFraudChecks();
                return null;
            });
            Coroutines.scope(() -> {
                Coroutines.spawn(() -> bank.transfer("alice", "landlord", 60));
                Coroutines.spawn(() -> bank.transfer("alice", bank.lookUpShop(), 60));
                return null;
            });
            bank.close();
            return null;
        });
        if (bank.total() != 100) {
            throw new AssertionError("the bank made " + (bank.total() - 100) + " out of nothing: " + bank);
        }
        return bank;
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler plain = Scheduler.builder().name("bank").singleThreaded()) {
            System.out.println("plain run: " + plain.blockOn(() -> day(false)));
        }
        long seed;
        ScheduleStrategy strategy;
        try {
            TestScheduler.explore(1000, () -> day(false));
            throw new AssertionError("exploring 1000 interleavings did not find the race");
        } catch (AssertionError found) {
            if (found.getCause() == null) {
                throw found;
            }
            System.out.println("explored: " + found.getMessage().lines().findFirst().orElseThrow());
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("TestScheduler\\.replay\\((\\d+)L, ScheduleStrategy\\.(\\w+\\(.*?\\)), body\\)")
                    .matcher(found.getMessage());
            if (!m.find()) {
                throw found;
            }
            seed = Long.parseLong(m.group(1));
            strategy = ScheduleStrategy.parse(m.group(2).replace("randomWalk()", "random"));
        }
        try {
            TestScheduler.replay(seed, strategy, () -> day(false));
            System.out.println("replay of seed " + seed + ": passed (it should not)");
        } catch (AssertionError again) {
            System.out.println("replay of seed " + seed + ": " + again.getMessage());
        }
        TestScheduler.explore(10_000, () -> day(true));
        System.out.println("with the mutex: 10000 interleavings, every one adds up");
    }
}
