package io.jcoro.benchmarks.eaasync;

import static com.ea.async.Async.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ea-async peer of the await benchmark: two async methods on one single-thread executor take
 * turns, each completing a {@link CompletableFuture} the other awaits and sending along the future it
 * will await next. A completion goes through the executor's queue (completing directly would resume
 * the other side inside {@code complete}, on the completer's stack, and no await would ever suspend),
 * so every await suspends and is resumed by the loop thread, as on a single-threaded scheduler.
 * {@link #run} performs {@code 2 * rounds} awaits.
 *
 * <p>Needs {@code -javaagent:ea-async-1.2.3.jar}; without it ea-async's {@code await} blocks, which
 * deadlocks the single loop thread.
 */
public final class EaAsyncPingPong implements AutoCloseable {
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ea-async-loop");
        t.setDaemon(true);
        return t;
    });

    /** Plays {@code rounds} rounds on the loop thread; returns how many the pong side answered. */
    public int run(int rounds) {
        return CompletableFuture.supplyAsync(() -> play(rounds), loop).thenCompose(f -> f).join();
    }

    private CompletableFuture<Integer> play(int rounds) {
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Integer> pong = pong(first);
        return ping(rounds, first).thenCompose(done -> pong);
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Void> ping(int rounds, CompletableFuture<Object> toPong) {
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            completeOnLoop(toPong, mine);
            toPong = (CompletableFuture<Object>) await(mine);
        }
        completeOnLoop(toPong, null);
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Integer> pong(CompletableFuture<Object> inbox) {
        int answered = 0;
        while (true) {
            Object reply = await(inbox);
            if (reply == null) {
                return CompletableFuture.completedFuture(answered);
            }
            CompletableFuture<Object> mine = new CompletableFuture<>();
            completeOnLoop((CompletableFuture<Object>) reply, mine);
            inbox = mine;
            answered++;
        }
    }

    private void completeOnLoop(CompletableFuture<Object> f, Object value) {
        loop.execute(() -> f.complete(value));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }

    /** A smoke check the benchmark driver runs first, under a timeout: prints "ok N". */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (EaAsyncPingPong game = new EaAsyncPingPong()) {
            System.out.println("ok " + game.run(rounds));
        }
    }
}
