package io.jcoro.agent.fuzz;

/** The Java types generated programs use for locals, parameters, results and expressions. */
enum JType {
    INT("int", "I"),
    LONG("long", "J"),
    FLOAT("float", "F"),
    DOUBLE("double", "D"),
    BYTE("byte", "B"),
    CHAR("char", "C"),
    SHORT("short", "S"),
    BOOLEAN("boolean", "Z"),
    STRING("String", "Str"),
    OBJECT("Object", "Obj"),
    INT_ARRAY("int[]", "IA"),
    LONG_ARRAY("long[]", "JA"),
    DOUBLE_ARRAY("double[]", "DA"),
    OBJECT_ARRAY("Object[]", "OA"),
    BOOLEAN_ARRAY("boolean[]", "ZA"),
    BYTE_ARRAY("byte[]", "BA"),
    CHAR_ARRAY("char[]", "CA"),
    SHORT_ARRAY("short[]", "SA"),
    FLOAT_ARRAY("float[]", "FA"),
    STRING_ARRAY("String[]", "StrA"),
    INT_MATRIX("int[][]", "IAA"),
    BUILDER("StringBuilder", "SB");

    static final JType[] ALL = values();
    static final JType[] ARRAYS = {INT_ARRAY, LONG_ARRAY, DOUBLE_ARRAY, OBJECT_ARRAY, BOOLEAN_ARRAY, BYTE_ARRAY,
        CHAR_ARRAY, SHORT_ARRAY, FLOAT_ARRAY, STRING_ARRAY, INT_MATRIX};
    static final JType[] PRIMITIVES = {INT, LONG, FLOAT, DOUBLE, BYTE, CHAR, SHORT, BOOLEAN};
    static final JType[] NUMERIC = {INT, LONG, FLOAT, DOUBLE, BYTE, CHAR, SHORT};

    /** The type as written in Java source. */
    final String java;
    /** The suffix of the typed probe pass-through: {@code Probe.p<suffix>(site, value)}. */
    final String probeSuffix;

    JType(String java, String probeSuffix) {
        this.java = java;
        this.probeSuffix = probeSuffix;
    }

    boolean isPrimitive() {
        return ordinal() <= BOOLEAN.ordinal();
    }

    boolean isNumeric() {
        return isPrimitive() && this != BOOLEAN;
    }

    /** byte, char and short: computed as int and cast back. */
    boolean isSubInt() {
        return this == BYTE || this == CHAR || this == SHORT;
    }

    boolean isArray() {
        return java.endsWith("[]");
    }

    /** The element type of an array type. */
    JType element() {
        switch (this) {
            case INT_ARRAY: return INT;
            case LONG_ARRAY: return LONG;
            case DOUBLE_ARRAY: return DOUBLE;
            case OBJECT_ARRAY: return OBJECT;
            case BOOLEAN_ARRAY: return BOOLEAN;
            case BYTE_ARRAY: return BYTE;
            case CHAR_ARRAY: return CHAR;
            case SHORT_ARRAY: return SHORT;
            case FLOAT_ARRAY: return FLOAT;
            case STRING_ARRAY: return STRING;
            case INT_MATRIX: return INT_ARRAY;
            default: throw new IllegalStateException(this + " is not an array type");
        }
    }

    /** The type as a generic type argument: the box of a primitive type. */
    String boxed() {
        switch (this) {
            case INT: return "Integer";
            case LONG: return "Long";
            case FLOAT: return "Float";
            case DOUBLE: return "Double";
            case BYTE: return "Byte";
            case CHAR: return "Character";
            case SHORT: return "Short";
            case BOOLEAN: return "Boolean";
            default: return java;
        }
    }

    /** Whether an element of this array type may be updated with {@code +=}. */
    boolean hasNumericElements() {
        return isArray() && element().isNumeric();
    }
}
