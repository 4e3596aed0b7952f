package io.jcoro.weaver.plan;

import java.util.List;

/**
 * What {@code SuspensionEmitter} writes into a woven method, as plain data: the planner's output, made
 * before any save or restore code exists, so a test can read it without generating bytecode.
 *
 * @param methodKey {@code owner.name(desc)}, the key of the method's id
 * @param sourceFile the class's source file, null when unknown
 * @param firstLine the method's first source line (the dispatch's), -1 when unknown
 * @param storeSlot the local the save and restore blocks keep the frame store in
 * @param points the suspension points, by resume index
 * @param secondEntry whether the method gets a second entry that restores from a store it is handed
 *     ({@link ResumeEntries})
 */
public record SuspensionPlan(String methodKey, String sourceFile, int firstLine, int storeSlot, List<SuspensionPoint> points,
        boolean secondEntry) {

    public SuspensionPlan {
        points = List.copyOf(points);
    }
}
