package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The conservation check of the channel stress tests: what was sent is received exactly once. */
final class Books {
    private Books() {}

    /** Closes the channels and adds what they still hold to {@code received}. */
    @SafeVarargs
    static void closeAndDrain(Collection<Integer> received, Channel<Integer>... channels) {
        for (Channel<Integer> ch : channels) {
            ch.close();
            for (Integer v = ch.receiveOrNull(); v != null; v = ch.receiveOrNull()) {
                received.add(v);
            }
        }
    }

    /**
     * Every value in {@code sent} (the sends that completed) is in {@code received} exactly once, and
     * nothing else is: no loss, no duplicate, nothing a withdrawn or losing send offered.
     */
    static void assertEachSentReceivedOnce(String round, Collection<Integer> sent, Collection<Integer> received) {
        Set<Integer> sentSet = new HashSet<>(sent);
        assertEquals(sent.size(), sentSet.size(), round + ": a value reported sent twice");
        Map<Integer, Integer> counts = new HashMap<>();
        for (int v : received) {
            counts.merge(v, 1, Integer::sum);
        }
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() != 1) {
                fail(round + ": element " + e.getKey() + " received " + e.getValue() + " times");
            }
            if (!sentSet.contains(e.getKey())) {
                fail(round + ": element " + e.getKey() + " received, but its send was withdrawn or lost its select");
            }
        }
        for (int v : sentSet) {
            if (!counts.containsKey(v)) {
                fail(round + ": element " + v + " was sent and lost");
            }
        }
    }
}
