package io.jcoro.weaver.transform;

/**
 * What the runtime needs to read a woven method's saved frames: the source file, and per resume point the
 * line of its call and how many primitive and reference values its save block stores besides the header.
 * The transformer's own copy of the runtime's {@code ResumePoints}, so that weaving at build time needs no
 * runtime class.
 */
public record ResumeLayout(String sourceFile, int[] lines, int[] prims, int[] refs) {
    public int count() {
        return lines.length;
    }
}
