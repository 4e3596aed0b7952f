package io.jcoro.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.ScheduleStrategy;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.TestScheduler;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bank example's race: hidden in the plain order, found by exploring at most 1,000 interleavings,
 * replayed by its seed to the same failure 10 times out of 10; the fixed bank passes 10,000.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class BankTransferTest {
    private static final String CREATED = "the bank made 60 out of nothing: {alice=40, landlord=60, grocer=60}";

    @Test
    void thePlainOrderHidesTheRace() throws Exception {
        try (Scheduler s = Scheduler.singleThreaded()) {
            assertEquals("{alice=40, landlord=60, grocer=0}", s.blockOn(() -> BankTransferExample.day(false)).toString());
        }
        try (TestScheduler s = TestScheduler.create()) {
            assertEquals("{alice=40, landlord=60, grocer=0}", s.blockOn(() -> BankTransferExample.day(false)).toString());
        }
    }

    @Test
    void explorationFindsTheRaceAndItsSeedReplaysItTenTimesOutOfTen() throws Exception {
        AssertionError found = assertThrows(AssertionError.class,
                () -> TestScheduler.explore(1000, () -> BankTransferExample.day(false)));
        assertInstanceOf(AssertionError.class, found.getCause());
        assertEquals(CREATED, found.getCause().getMessage());
        Matcher m = Pattern.compile("TestScheduler\\.replay\\((\\d+)L, ScheduleStrategy\\.(\\w+\\(.*?\\)), body\\)")
                .matcher(found.getMessage());
        assertTrue(m.find(), found.getMessage());
        long seed = Long.parseLong(m.group(1));
        ScheduleStrategy strategy = ScheduleStrategy.parse(m.group(2).replace("randomWalk()", "random"));
        for (int i = 0; i < 10; i++) {
            AssertionError again = assertThrows(AssertionError.class,
                    () -> TestScheduler.replay(seed, strategy, () -> BankTransferExample.day(false)));
            assertEquals(CREATED, again.getMessage(), "replay " + i);
        }
    }

    @Test
    void theBankWithTheMutexPassesTenThousandInterleavings() {
        TestScheduler.explore(10_000, () -> BankTransferExample.day(true));
    }
}
