package io.jcoro.weaver.plan;

import io.jcoro.weaver.analysis.TypeInterpreter;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * How a value at a suspension point is saved: which of the frame store's typed push and pop methods
 * carries it, or nothing for a value known to be null (restored as a constant). Every int-like type
 * (boolean, byte, char, short, int) is an {@link #INT}, as on the JVM's operand stack.
 */
public enum ValueKind {
    INT("Int", "I"),
    FLOAT("Float", "F"),
    LONG("Long", "J"),
    DOUBLE("Double", "D"),
    REFERENCE("Ref", "Ljava/lang/Object;"),
    /** The null constant on every path: nothing is saved; the restore pushes {@code null}. */
    KNOWN_NULL(null, null);

    /** The suffix of the frame store's methods for this kind: {@code pushInt}, {@code popRef}, ... */
    private final String storeSuffix;
    /** The descriptor of the value those methods take and return. */
    private final String storeDescriptor;

    ValueKind(String storeSuffix, String storeDescriptor) {
        this.storeSuffix = storeSuffix;
        this.storeDescriptor = storeDescriptor;
    }

    /** The kind of an analysed value that is usable (it has a type and is not an uninitialized object). */
    public static ValueKind of(BasicValue value) {
        if (TypeInterpreter.isNull(value)) {
            return KNOWN_NULL;
        }
        switch (value.getType().getSort()) {
            case Type.BOOLEAN: case Type.CHAR: case Type.BYTE: case Type.SHORT: case Type.INT:
                return INT;
            case Type.FLOAT:
                return FLOAT;
            case Type.LONG:
                return LONG;
            case Type.DOUBLE:
                return DOUBLE;
            case Type.OBJECT: case Type.ARRAY:
                return REFERENCE;
            default:
                throw new IllegalArgumentException("not a value that can be saved: " + value);
        }
    }

    /** Whether the frame store holds a value of this kind (all but a known null). */
    public boolean isStored() {
        return storeSuffix != null;
    }

    /** Whether it goes to the store's reference array (else to its primitive array). */
    public boolean isReference() {
        return this == REFERENCE;
    }

    public String pushMethod() {
        return "push" + storeSuffix;
    }

    public String popMethod() {
        return "pop" + storeSuffix;
    }

    public String storeDescriptor() {
        return storeDescriptor;
    }
}
