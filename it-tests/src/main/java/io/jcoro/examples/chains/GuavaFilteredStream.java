package io.jcoro.examples.chains;

import static java.util.stream.Collectors.toList;

import com.google.common.collect.FluentIterable;
import java.util.List;

/**
 * Shape 2: guava's filter predicate suspends, with {@code com.google.common.base.Predicate#apply},
 * {@code java.util.function.Predicate#test} and guava's
 * {@code com.google.common.collect.CollectSpliterators$1Splitr#tryAdvance} declared suspendable. The
 * stream drives the (woven) guava spliterator from {@code Spliterator.forEachRemaining}, a JDK method
 * that cannot carry the suspension: the first test must fail there with a {@code SuspensionError}
 * naming it; never a wrong list, never a body that re-runs from the start forever ({@code [20, 40]} is
 * right). Arguments: see {@link ChainRun}.
 */
public final class GuavaFilteredStream {
    public static void main(String[] args) throws Exception {
        ChainRun.run(args, () -> {
            // nothing here suspends but the predicate: the agent leaves this body as it is
            List<Integer> result = FluentIterable.from(List.of(1, 2, 3, 4))
                    .filter(x -> {
                        System.out.println("testing " + x);
                        ChainRun.point();
                        return x % 2 == 0;
                    })
                    .stream()
                    .map(x -> x * 10)
                    .collect(toList());
            System.out.println("result: " + result);
        }, () -> {
            ChainRun.point(); // the warm-up: suspends through woven code only, and makes this body woven
            System.out.println("warm-up: suspended in the same body");
            List<Integer> result = FluentIterable.from(List.of(1, 2, 3, 4))
                    .filter(x -> {
                        System.out.println("testing " + x);
                        ChainRun.point();
                        return x % 2 == 0;
                    })
                    .stream()
                    .map(x -> x * 10)
                    .collect(toList());
            System.out.println("result: " + result);
        });
    }
}
