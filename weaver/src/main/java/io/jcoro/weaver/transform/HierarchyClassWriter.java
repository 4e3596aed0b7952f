package io.jcoro.weaver.transform;

import io.jcoro.weaver.hierarchy.ClassHierarchy;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/** A class writer that computes frames from class bytes, never by loading classes (offbynull #77). */
final class HierarchyClassWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;

    HierarchyClassWriter(ClassReader reader, ClassHierarchy hierarchy) {
        super(reader, ClassWriter.COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
