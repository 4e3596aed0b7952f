package io.jcoro.weaver.plan;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * A value saved at a suspension point: how it is saved, and its static type, which the restore casts a
 * reference back to and which a local is stored and loaded as.
 */
public record SavedValue(ValueKind kind, Type type) {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");

    public static SavedValue of(BasicValue value) {
        return new SavedValue(ValueKind.of(value), value.getType());
    }

    /** The type a local holding it is stored and loaded as (a known null as an {@code Object}). */
    public Type localType() {
        return kind == ValueKind.KNOWN_NULL ? OBJECT : type;
    }

    /** Whether the restore must cast the store's {@code Object} back to the value's type. */
    public boolean needsCast() {
        return kind == ValueKind.REFERENCE && !OBJECT.equals(type);
    }
}
