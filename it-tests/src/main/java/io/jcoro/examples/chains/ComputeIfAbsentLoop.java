package io.jcoro.examples.chains;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shape 1: {@code java.util.function.Function#apply} declared suspendable, and a mapping function that
 * suspends inside {@code HashMap.computeIfAbsent}, a JDK method that cannot carry the suspension. The
 * first call must fail there with a {@code SuspensionError} naming {@code HashMap.computeIfAbsent};
 * never a map with wrong values ({@code {a=1, bb=2, ccc=3, dddd=4}} is right). Arguments: see
 * {@link ChainRun}.
 */
public final class ComputeIfAbsentLoop {
    public static void main(String[] args) throws Exception {
        ChainRun.run(args, () -> {
            // nothing here suspends but the mapping function: the agent leaves this body as it is
            Map<String, Integer> m = new HashMap<>();
            for (String w : List.of("a", "bb", "ccc", "dddd")) {
                m.computeIfAbsent(w, k -> {
                    System.out.println("computing " + k);
                    ChainRun.point();
                    return k.length();
                });
            }
            System.out.println("result: " + new TreeMap<>(m)); // sorted: the same text on every JDK
        }, () -> {
            ChainRun.point(); // the warm-up: suspends through woven code only, and makes this body woven
            System.out.println("warm-up: suspended in the same body");
            Map<String, Integer> m = new HashMap<>();
            for (String w : List.of("a", "bb", "ccc", "dddd")) {
                m.computeIfAbsent(w, k -> {
                    System.out.println("computing " + k);
                    ChainRun.point();
                    return k.length();
                });
            }
            System.out.println("result: " + new TreeMap<>(m));
        });
    }
}
