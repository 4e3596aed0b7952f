package io.jcoro.agent.transform;

import io.jcoro.agent.hierarchy.SuspendableOracle;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;

/**
 * Decides cheaply, without building a tree, whether a class may have anything to transform: it
 * mentions jcoro at all (its constant pool names {@code io/jcoro/}), or a supertype declares a
 * suspendable method (it may override one), or it creates lambdas of a functional interface that
 * declares one, or it calls a method of a class that declares one (a plain method calling a
 * suspendable one gets a guard that names it if a suspension passes through). Anything else is left
 * untouched at the cost of a constant-pool scan; what is learnt about other classes is cached.
 */
public final class QuickScan {
    private static final byte[] JCORO = "io/jcoro/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;

    private QuickScan() {}

    public static boolean mayNeedTransform(byte[] bytes, SuspendableOracle oracle) {
        if (contains(bytes, JCORO)) {
            return true;
        }
        ClassReader reader = new ClassReader(bytes);
        if (reader.getSuperName() != null && oracle.hasSuspendableInHierarchy(reader.getSuperName())) {
            return true;
        }
        for (String i : reader.getInterfaces()) {
            if (oracle.hasSuspendableInHierarchy(i)) {
                return true;
            }
        }
        return referencesSuspendableClasses(reader, oracle);
    }

    /** Calls into classes with suspendable methods, or lambdas of suspendable functional interfaces. */
    private static boolean referencesSuspendableClasses(ClassReader reader, SuspendableOracle oracle) {
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            int tag = reader.readByte(offset - 1);
            if (tag == CONSTANT_METHODREF || tag == CONSTANT_INTERFACE_METHODREF) {
                String owner = reader.readClass(offset, buffer);
                if (!owner.startsWith("[") && oracle.hasSuspendableInHierarchy(owner)) {
                    return true;
                }
            } else if (tag == CONSTANT_INVOKE_DYNAMIC) {
                int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                Type returned = Type.getReturnType(reader.readUTF8(nameAndType + 2, buffer));
                if (returned.getSort() == Type.OBJECT && oracle.hasSuspendableInHierarchy(returned.getInternalName())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
