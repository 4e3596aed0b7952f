package io.jcoro.internal;

import java.util.Arrays;

/**
 * The methods that lambda proxies (hidden classes the JDK spins for lambdas and method references)
 * were seen to forward to. A proxy's code cannot be read, so what it calls is learnt from stack walks
 * ({@link ChainCheck}), which see the proxy's frame and the frame it called.
 *
 * <p>A lambda's proxy always calls the lambda's body ({@code lambda$...}, a private or static method:
 * no dispatch), so one learnt target is the only one. A method reference's proxy may dispatch on the
 * receiver it captured or was given, so its targets are a set that grows.
 *
 * <p>Threads: {@link #learn} copies the array under the holder's lock and publishes it through a
 * volatile field; {@link #targets} reads it without a lock.
 */
final class ProxyTargets {
    private static final int[] NONE = {};
    private static final ClassValue<Holder> BY_PROXY = new ClassValue<>() {
        @Override
        protected Holder computeValue(Class<?> type) {
            return new Holder();
        }
    };

    private static final class Holder {
        volatile int[] targets = NONE;
    }

    private ProxyTargets() {}

    /** Whether {@code proxy}'s frame was seen calling the method {@code methodId}. */
    static boolean forwardsTo(Class<?> proxy, int methodId) {
        for (int t : BY_PROXY.get(proxy).targets) {
            if (t == methodId) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every target {@code proxy} was seen calling is a lambda body, which a proxy reaches
     * without dispatch: then a frame saved by any other method did not come through the proxy alone.
     */
    static boolean onlyLambdaBodies(Class<?> proxy) {
        int[] targets = BY_PROXY.get(proxy).targets;
        if (targets.length == 0) {
            return false;
        }
        for (int t : targets) {
            String key = MethodRegistry.keyOf(t);
            if (!key.substring(key.lastIndexOf('.', key.indexOf('(')) + 1).startsWith("lambda$")) {
                return false;
            }
        }
        return true;
    }

    static void learn(Class<?> proxy, int methodId) {
        Holder h = BY_PROXY.get(proxy);
        synchronized (h) {
            if (!forwardsTo(proxy, methodId)) {
                int[] grown = Arrays.copyOf(h.targets, h.targets.length + 1);
                grown[h.targets.length] = methodId;
                h.targets = grown;
            }
        }
    }
}
