package io.jcoro.agent;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A small suspendable class the agent transforms once (without defining it) before registering its
 * transformer, so every class the transformer needs is loaded before it can be asked to transform them.
 */
final class Warmup {
    private Warmup() {}

    static byte[] bytes() {
        try (InputStream in = Warmup.class.getResourceAsStream("Warmup$Sample.class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Sample {
        @Suspendable
        long sample(int[] values, String label) {
            long sum = 0;
            for (int v : values) {
                sum += v + label.length();
                Continuation.suspend();
            }
            return sum;
        }
    }
}
