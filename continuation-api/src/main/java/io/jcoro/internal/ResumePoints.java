package io.jcoro.internal;

/**
 * What the transformer knows about the resume points of one woven method: the source file, and per
 * resume point the source line of its call and how many primitive and reference values its capture
 * block saves (not counting the frame header). With the counts, a suspended continuation's frames
 * can be read from the top of its {@link Coroutine} without changing it ({@link SavedFrame#read}).
 */
public final class ResumePoints {
    private final String sourceFile;
    private final int[] lines;
    private final int[] prims;
    private final int[] refs;

    /** Per resume point: its call's line (-1 when unknown), its saved primitives and references. */
    public ResumePoints(String sourceFile, int[] lines, int[] prims, int[] refs) {
        if (lines.length != prims.length || lines.length != refs.length) {
            throw new IllegalArgumentException("one line, primitive count and reference count per resume point");
        }
        this.sourceFile = sourceFile;
        this.lines = lines.clone();
        this.prims = prims.clone();
        this.refs = refs.clone();
    }

    public int count() {
        return lines.length;
    }

    /** The source file name as the class file records it, or null. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The source line of the call at {@code resumePoint}, or -1. */
    public int line(int resumePoint) {
        return lines[resumePoint];
    }

    int savedPrims(int resumePoint) {
        return prims[resumePoint];
    }

    int savedRefs(int resumePoint) {
        return refs[resumePoint];
    }
}
