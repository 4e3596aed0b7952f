package io.jcoro.weaver.plan;

import java.util.List;

/**
 * The plan for one suspending call: what its save block stores and its restore block puts back.
 *
 * @param resumeIndex the number the frame header records and the dispatch switches on, from 0 in code order
 * @param parked the call, its re-entry label and the locals its receiver and arguments were parked in
 * @param line the source line of the call, -1 when unknown
 * @param site the call's location as a stack trace shows it, {@code com.example.Foo.bar(Foo.java:12)}
 * @param callee the called method as written, {@code owner.name(desc)}
 * @param resolvedCallee for a static or special call, the method it runs (the first class up from the owner
 *     that declares it, read from class bytes); null for a dispatched call
 * @param stackBelow the operand stack under the call's receiver and arguments, bottom first
 * @param liveLocals the locals read after the call on some path, by slot; {@code this} is left out when the
 *     method never assigns slot 0 (the restore finds it in place), the parked receiver and interface
 *     arguments are in
 * @param throughEntry whether the restore re-enters the callee through its second entry, handing it the
 *     store ({@link ResumeEntries}), rather than through the original call
 */
public record SuspensionPoint(int resumeIndex, ParkedCall parked, int line, String site, String callee,
                       String resolvedCallee, List<SavedValue> stackBelow, List<SavedLocal> liveLocals,
                       boolean throughEntry) {

    public SuspensionPoint {
        stackBelow = List.copyOf(stackBelow);
        liveLocals = List.copyOf(liveLocals);
    }

    /** A live local and how it is saved. */
    public record SavedLocal(int slot, SavedValue value) {}

    /** How many of the saved values go to the store's primitive array. */
    public int primitiveCount() {
        return count(false);
    }

    /** How many of the saved values go to the store's reference array. */
    public int referenceCount() {
        return count(true);
    }

    private int count(boolean references) {
        int n = 0;
        for (SavedValue v : stackBelow) {
            if (v.kind().isStored() && v.kind().isReference() == references) {
                n++;
            }
        }
        for (SavedLocal local : liveLocals) {
            if (local.value().kind().isStored() && local.value().kind().isReference() == references) {
                n++;
            }
        }
        return n;
    }
}
