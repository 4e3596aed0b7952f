package io.jcoro.benchmarks.quasar;

import co.paralleluniverse.fibers.Fiber;
import co.paralleluniverse.fibers.FiberExecutorScheduler;
import co.paralleluniverse.fibers.SuspendExecution;
import co.paralleluniverse.fibers.Suspendable;
import co.paralleluniverse.strands.SuspendableRunnable;

/**
 * The Quasar peer of jcoro's {@code Continuation.resume()}: a fiber that descends {@code depth}
 * suspendable calls and parks at the bottom, forever. Its scheduler runs tasks inline
 * ({@code Runnable::run}), so {@link #roundTrip} unparks the fiber and returns when it has parked
 * again, on the calling thread: no thread hand-off, like a generator.
 *
 * <p>Needs {@code -javaagent:quasar-core-0.8.0.jar}.
 */
public final class QuasarRoundTrip {
    private final Fiber<Void> fiber;
    private final Descender descender;

    public QuasarRoundTrip(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        FiberExecutorScheduler inline = new FiberExecutorScheduler("quasar-inline", Runnable::run);
        descender = new Descender(depth);
        fiber = new Fiber<>("round-trip", inline, descender);
        fiber.start(); // runs inline until the first park
    }

    /** One park + unpark: the fiber runs on this thread until it parks again. */
    public void roundTrip() {
        fiber.unpark();
    }

    /** How many descents the fiber has started: one more than the round trips so far. */
    public long descents() {
        return descender.descents;
    }

    private static final class Descender implements SuspendableRunnable {
        private static final long serialVersionUID = 1L;
        private final int depth;
        long sink;
        volatile long descents;

        Descender(int depth) {
            this.depth = depth;
        }

        @Override
        public void run() throws SuspendExecution {
            // a local, not a field: an uninstrumented fiber restarts run() from the top at each
            // unpark (Quasar unwinds by throwing), and the count would stay at 1
            long started = 0;
            while (true) {
                descents = ++started;
                sink += descend(depth);
            }
        }

        // every frame keeps a live local across the call, as in the other peers
        @Suspendable
        private static int descend(int remaining) throws SuspendExecution {
            if (remaining <= 1) {
                Fiber.park();
                return 1;
            }
            int below = descend(remaining - 1);
            return below + remaining;
        }
    }

    /** A smoke check the benchmark driver runs first, under a timeout: prints "ok N". */
    public static void main(String[] args) {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        QuasarRoundTrip game = new QuasarRoundTrip(10);
        for (int i = 0; i < trips; i++) {
            game.roundTrip();
        }
        if (game.descents() != trips + 1) {
            throw new AssertionError("expected " + (trips + 1) + " descents, the fiber made " + game.descents());
        }
        System.out.println("ok " + trips);
    }
}
