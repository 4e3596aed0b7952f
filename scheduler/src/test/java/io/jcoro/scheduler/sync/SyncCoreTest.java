package io.jcoro.scheduler.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The non-suspending cores of Mutex, Semaphore and Notify, driven step by step: each interleaving of
 * a grant with a waiter giving up (what its {@code catch} does when its await throws) is played in a
 * fixed order, including the one the it-tests reach only by chance: granted, then giving up.
 */
class SyncCoreTest {
    @Test
    void mutexHandsTheLockToAWaiterThatGivesUpAndItHandsItOn() {
        Mutex m = new Mutex();
        assertNull(m.lockOrEnqueue("A"));
        Mutex.Locker b = m.lockOrEnqueue("B");
        Mutex.Locker c = m.lockOrEnqueue("C");
        assertNotNull(b);
        m.unlockBy("A");
        assertTrue(b.wake.isDone(), "handed to the first waiter");
        assertSame("B", m.owner());
        m.giveUp(b); // B's await threw at the same moment: it hands the lock on
        assertTrue(c.wake.isDone());
        assertSame("C", m.owner());
        m.unlockBy("C");
        assertNull(m.owner());
        assertEquals(0, m.queueLength());
    }

    @Test
    void mutexWaiterThatGivesUpWhileQueuedIsUnlinkedAndNeverOwns() {
        Mutex m = new Mutex();
        assertNull(m.lockOrEnqueue("A"));
        Mutex.Locker b = m.lockOrEnqueue("B");
        Mutex.Locker c = m.lockOrEnqueue("C");
        m.giveUp(b);
        assertSame("A", m.owner(), "a waiter giving up does not touch the owner");
        assertEquals(1, m.queueLength());
        m.unlockBy("A");
        assertFalse(b.wake.isDone());
        assertTrue(c.wake.isDone());
        assertSame("C", m.owner());
        IllegalStateException notOwner = assertThrows(IllegalStateException.class, () -> m.unlockBy("B"));
        assertTrue(notOwner.getMessage().contains("held by coroutine C"), notOwner.getMessage());
        m.unlockBy("C");
        assertNull(m.owner());
    }

    @Test
    void mutexLastWaiterGivingUpAfterTheHandOffFreesTheLock() {
        Mutex m = new Mutex();
        assertNull(m.lockOrEnqueue("A"));
        Mutex.Locker b = m.lockOrEnqueue("B");
        m.unlockBy("A");
        m.giveUp(b);
        assertFalse(m.isLocked());
        assertNull(m.lockOrEnqueue("D"), "free again");
    }

    @Test
    void semaphoreWaiterGrantedThenGivingUpReleasesItsPermitsToTheNext() {
        Semaphore s = new Semaphore(0);
        Semaphore.Acquirer a = s.acquireOrEnqueue(2);
        Semaphore.Acquirer b = s.acquireOrEnqueue(2);
        s.release(2);
        assertTrue(a.wake.isDone());
        assertFalse(b.wake.isDone());
        assertEquals(0, s.availablePermits());
        s.giveUp(a); // a's await threw at the same moment: its 2 permits go to b
        assertTrue(b.wake.isDone());
        assertEquals(0, s.availablePermits());
        assertEquals(0, s.queueLength());
    }

    @Test
    void semaphoreWaiterGivingUpWhileQueuedTakesNothingAndLetsTheNextFit() {
        Semaphore s = new Semaphore(1);
        Semaphore.Acquirer big = s.acquireOrEnqueue(3);
        Semaphore.Acquirer small = s.acquireOrEnqueue(1);
        assertNotNull(big);
        assertNotNull(small, "fair: the small request queues behind the big one");
        assertFalse(s.tryAcquire());
        s.giveUp(big);
        assertFalse(big.wake.isDone());
        assertTrue(small.wake.isDone(), "the head left, and the free permit covers the next");
        assertEquals(0, s.availablePermits());
    }

    @Test
    void semaphoreReleaseGrantsAsManyHeadWaitersAsFitInOrder() {
        Semaphore s = new Semaphore(0);
        Semaphore.Acquirer one = s.acquireOrEnqueue(1);
        Semaphore.Acquirer two = s.acquireOrEnqueue(2);
        Semaphore.Acquirer three = s.acquireOrEnqueue(3);
        Semaphore.Acquirer alsoOne = s.acquireOrEnqueue(1);
        s.release(5);
        assertTrue(one.wake.isDone());
        assertTrue(two.wake.isDone());
        assertFalse(three.wake.isDone(), "2 left, 3 wanted");
        assertFalse(alsoOne.wake.isDone(), "behind the head");
        assertEquals(2, s.availablePermits());
        s.release(2);
        assertTrue(three.wake.isDone());
        assertTrue(alsoOne.wake.isDone());
        assertEquals(0, s.availablePermits());
    }

    @Test
    void notifyWaiterPickedByNotifyOneThenGivingUpPassesItOn() {
        Notify n = new Notify();
        Notify.Listener a = n.consumeOrEnqueue();
        Notify.Listener b = n.consumeOrEnqueue();
        n.notifyOne();
        assertTrue(a.wake.isDone());
        n.giveUp(a);
        assertTrue(b.wake.isDone(), "passed on to the next waiter");
        assertFalse(n.hasPermit());
    }

    @Test
    void notifyLastWaiterPickedThenGivingUpStoresThePermit() {
        Notify n = new Notify();
        Notify.Listener a = n.consumeOrEnqueue();
        n.notifyOne();
        n.giveUp(a);
        assertTrue(n.hasPermit());
        assertNull(n.consumeOrEnqueue(), "the next notified() returns at once");
    }

    @Test
    void notifyWaiterWokenByNotifyWaitersThenGivingUpPassesNothingOn() {
        Notify n = new Notify();
        Notify.Listener a = n.consumeOrEnqueue();
        n.notifyWaiters();
        Notify.Listener late = n.consumeOrEnqueue();
        n.giveUp(a);
        assertFalse(late.wake.isDone(), "notifyWaiters reached only the waiters of its time");
        assertFalse(n.hasPermit());
        assertEquals(1, n.queueLength());
    }

    @Test
    void notifyWaiterGivingUpWhileQueuedIsUnlinked() {
        Notify n = new Notify();
        Notify.Listener a = n.consumeOrEnqueue();
        n.giveUp(a);
        assertEquals(0, n.queueLength());
        n.notifyOne();
        assertFalse(a.wake.isDone());
        assertTrue(n.hasPermit());
    }
}
