package io.jcoro.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * The event loop's sleep/wake-up handshake: how a thread that queues work wakes a loop that may be
 * going to sleep in {@code Selector.select()}, without a lost wake-up and without a
 * {@code Selector.wakeup()} per queued item.
 *
 * <p>Protocol. The loop, with nothing left to run, announces {@link #SLEEPING} and then takes its last
 * look at its queue ({@link #prepareToSleep}); if work is there it takes the announcement back and does
 * not sleep. A producer first adds its work to the queue and then reads the state ({@link #wakeNeeded}):
 * when it finds SLEEPING it moves the state back to AWAKE by CAS, and the one producer whose CAS wins
 * calls {@code Selector.wakeup()}, which makes the loop's current or next {@code select} return.
 *
 * <p>Why no wake-up is lost: the announcement and the producer's add are both followed by a read of the
 * other side's variable (all volatile, so sequentially consistent). Either the loop's last look sees
 * the producer's item (it does not sleep), or the producer's read comes after the announcement and sees
 * SLEEPING (it wakes the loop). A loop that took its announcement back with a plain AWAKE store may
 * race a producer's CAS: the CAS then fails or succeeds on a state that is AWAKE anyway, and at worst
 * one {@code wakeup()} too many makes the next {@code select} return at once, which the loop treats as
 * a spurious wake-up. Model-checked by {@code SleepHandshakeLincheckTest}.
 *
 * <p>Threads: {@link #prepareToSleep} and {@link #awake} on the loop thread only; {@link #wakeNeeded} on
 * any thread.
 */
final class SleepHandshake {
    static final int AWAKE = 0;
    static final int SLEEPING = 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SleepHandshake.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state = AWAKE;

    /**
     * The loop thread, with nothing to run: announces that it sleeps, then looks at {@code workPending}
     * once more. Returns true when it may sleep (and must call {@link #awake} when it wakes up); false,
     * with the announcement taken back, when work arrived meanwhile.
     */
    boolean prepareToSleep(BooleanSupplier workPending) {
        state = SLEEPING;
        if (workPending.getAsBoolean()) {
            state = AWAKE;
            return false;
        }
        return true;
    }

    /** The loop thread, back from sleeping (woken, timed out, or spuriously). */
    void awake() {
        state = AWAKE;
    }

    /**
     * Any thread, right after it queued work: whether it must wake the loop ({@code Selector.wakeup()}).
     * True for at most one caller per sleep.
     */
    boolean wakeNeeded() {
        return state == SLEEPING && STATE.compareAndSet(this, SLEEPING, AWAKE);
    }
}
