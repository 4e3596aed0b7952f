package io.jcoro.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tasks of one scheduler that have not finished, for close() and dumps: a doubly linked list
 * threaded through the tasks' own {@code previousUnfinished}/{@code nextUnfinished} fields, so a
 * task costs no node of its own (a concurrent set's node weighed about 40 bytes per task). Adding
 * and removing are O(1) under this object's monitor, held for a few field writes; the task fields
 * are read and written only under it.
 */
final class UnfinishedTasks {
    private CoroutineTask<?> head;
    private CoroutineTask<?> tail;
    private int size;

    synchronized void add(CoroutineTask<?> task) {
        task.previousUnfinished = tail;
        task.nextUnfinished = null;
        if (tail == null) {
            head = task;
        } else {
            tail.nextUnfinished = task;
        }
        tail = task;
        size++;
    }

    /** Removes {@code task}; nothing happens when it is not in the list (removed already, or cleared). */
    synchronized void remove(CoroutineTask<?> task) {
        if (task.previousUnfinished == null && head != task) {
            return;
        }
        CoroutineTask<?> previous = task.previousUnfinished;
        CoroutineTask<?> next = task.nextUnfinished;
        if (previous == null) {
            head = next;
        } else {
            previous.nextUnfinished = next;
        }
        if (next == null) {
            tail = previous;
        } else {
            next.previousUnfinished = previous;
        }
        task.previousUnfinished = null;
        task.nextUnfinished = null;
        size--;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The tasks now unfinished, in spawn order. */
    synchronized List<CoroutineTask<?>> snapshot() {
        List<CoroutineTask<?>> tasks = new ArrayList<>(size);
        for (CoroutineTask<?> t = head; t != null; t = t.nextUnfinished) {
            tasks.add(t);
        }
        tasks.sort(Comparator.comparingLong(CoroutineTask::id)); // concurrent spawns may add out of id order
        return tasks;
    }

    /** Forgets every task (after close() abandoned them). */
    synchronized void clear() {
        CoroutineTask<?> t = head;
        while (t != null) {
            CoroutineTask<?> next = t.nextUnfinished;
            t.previousUnfinished = null;
            t.nextUnfinished = null;
            t = next;
        }
        head = null;
        tail = null;
        size = 0;
    }
}
