package io.jcoro.scheduler;

/** A timer that a scheduler will fire unless it is cancelled first. */
interface TimerHandle {
    TimerHandle NONE = () -> {};

    /** Stops the timer from firing; does nothing once it fired. */
    void cancel();
}
