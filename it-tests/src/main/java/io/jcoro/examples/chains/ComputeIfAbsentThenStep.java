package io.jcoro.examples.chains;

import io.jcoro.Suspendable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shape 1 with a step: after each {@code HashMap.computeIfAbsent} (whose mapping function suspends,
 * {@code java.util.function.Function#apply} declared suspendable) the loop calls a {@code @Suspendable}
 * interface method whose implementation never suspends, so it is not rewritten. The first
 * computeIfAbsent must fail with a {@code SuspensionError} naming {@code HashMap.computeIfAbsent};
 * never a wrong map or step count ({@code {a=1, bb=2, ccc=3, dddd=4}, steps: 4} is right). Arguments:
 * see {@link ChainRun}.
 */
public final class ComputeIfAbsentThenStep {
    interface Step {
        @Suspendable
        void run();
    }

    /** Implements a suspendable method but calls nothing that suspends: left as it is by the agent. */
    static final class Counter implements Step {
        int count;

        @Override
        public void run() {
            count++;
        }
    }

    public static void main(String[] args) throws Exception {
        ChainRun.run(args, () -> {
            Map<String, Integer> m = new HashMap<>();
            Counter counter = new Counter();
            Step step = counter;
            for (String w : List.of("a", "bb", "ccc", "dddd")) {
                m.computeIfAbsent(w, k -> {
                    System.out.println("computing " + k);
                    ChainRun.point();
                    return k.length();
                });
                step.run(); // a suspendable call: the agent rewrites this body
            }
            System.out.println("result: " + new TreeMap<>(m) + ", steps: " + counter.count);
        }, () -> {
            ChainRun.point(); // the warm-up: suspends through woven code only
            System.out.println("warm-up: suspended in the same body");
            Map<String, Integer> m = new HashMap<>();
            Counter counter = new Counter();
            Step step = counter;
            for (String w : List.of("a", "bb", "ccc", "dddd")) {
                m.computeIfAbsent(w, k -> {
                    System.out.println("computing " + k);
                    ChainRun.point();
                    return k.length();
                });
                step.run();
            }
            System.out.println("result: " + new TreeMap<>(m) + ", steps: " + counter.count);
        });
    }
}
