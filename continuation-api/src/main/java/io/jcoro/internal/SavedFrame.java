package io.jcoro.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One frame saved in a suspended continuation: its method key ({@code owner/Name.method(desc)}) and
 * resume point, and from the transformer's {@link ResumePoints}, its source location.
 */
public record SavedFrame(String methodKey, int resumePoint, ResumePoints points) {

    /** The frame as a stack-trace element: class, method, file and the line of the call it waits in. */
    public StackTraceElement toStackTraceElement() {
        int paren = methodKey.indexOf('(');
        int dot = methodKey.lastIndexOf('.', paren);
        String className = methodKey.substring(0, dot).replace('/', '.');
        String method = methodKey.substring(dot + 1, paren);
        String file = points == null ? null : points.sourceFile();
        int line = points == null || resumePoint < 0 || resumePoint >= points.count() ? -1 : points.line(resumePoint);
        return new StackTraceElement(className, method, file, line);
    }

    /**
     * Reads the frames of a suspended store, outermost first, changing nothing. Each frame ends with
     * its header (a {@code long} on {@code prims}: method id and resume point); the transformer's
     * counts for that method and resume point tell where the next frame's header is. The arrays may
     * be read by another thread than the continuation's: anything inconsistent ends the walk, and the
     * frames read so far are returned.
     */
    static List<SavedFrame> read(long[] prims, int primTop, Object[] refs, int refTop) {
        List<SavedFrame> frames = new ArrayList<>();
        walk(prims, primTop, refs, refTop, frames);
        return Collections.unmodifiableList(frames);
    }

    /**
     * Null when walking the frames from the top uses up exactly the saved values, frame by frame;
     * otherwise what went wrong (a debugging check of the transformer's counts, see
     * {@link WovenCalls#CHECK_FRAMES}).
     */
    static String check(long[] prims, int primTop, Object[] refs, int refTop) {
        List<SavedFrame> frames = new ArrayList<>();
        int[] end = walk(prims, primTop, refs, refTop, frames);
        if (end[0] == 0 && end[1] == 0) {
            return null;
        }
        return "walking the saved frames (" + primTop + " primitives, " + refTop + " references) read "
                + frames.size() + " frames " + frames + " and stopped at primitive " + end[0] + ", reference " + end[1];
    }

    /** Walks from the top; returns where it stopped, {primitive index, reference index}. */
    private static int[] walk(long[] prims, int primTop, Object[] refs, int refTop, List<SavedFrame> out) {
        int p = primTop;
        int r = refTop;
        try {
            while (p > 0) {
                int methodId = (int) (prims[p - 1] >>> 32);
                String key = MethodRegistry.keyOf(methodId);
                int resumePoint = (int) prims[p - 1];
                ResumePoints points = MethodRegistry.resumePoints(methodId);
                out.add(new SavedFrame(key, resumePoint, points));
                if (points == null || resumePoint < 0 || resumePoint >= points.count()) {
                    break; // cannot step over this frame's values
                }
                p -= 1 + points.savedPrims(resumePoint);
                r -= points.savedRefs(resumePoint);
            }
        } catch (RuntimeException e) {
            // a concurrent resume changed the arrays under us: keep what was read
        }
        return new int[] {p, r};
    }
}
