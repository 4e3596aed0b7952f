package io.jcoro.internal;

/**
 * Why a frame cannot carry a suspension, and what to do about it, in the words every check uses: the
 * stack walk ({@link ChainCheck}), the callee check after a call ({@link CalleeCheck}) and the check
 * at the entry of a woven method. The transformer's own reason comes first when it guarded the method
 * ({@link MethodRegistry#guarded}). A JDK method is never advised to be made {@code @Suspendable}: the
 * fix there is to call the suspendable code from a loop in suspendable code.
 */
final class CannotCarry {
    static final String JDK_METHOD = "a JDK method cannot carry a suspension; call the suspendable code from a loop "
            + "in suspendable code instead of from a JDK callback";

    private CannotCarry() {}

    /**
     * The reason a method cannot carry a suspension.
     *
     * @param className binary name of the method's class
     * @param methodName the method's name
     * @param methodKey {@code owner/Name.method(desc)}, to look up the transformer's reason
     * @param calleeName the suspendable method it called, {@code com.example.Foo.bar}, or null if unknown
     */
    static String reason(String className, String methodName, String methodKey, String calleeName) {
        String guard = MethodRegistry.reasonItCannotSuspend(methodKey);
        if (guard != null) {
            return guard;
        }
        if (methodName.equals("<init>")) {
            return "a constructor cannot suspend (the object under construction cannot be saved); "
                    + "call the suspending code after construction";
        }
        if (methodName.equals("<clinit>")) {
            return "a static initializer cannot suspend (class initialization must finish on one thread); "
                    + "move the suspending code out of it";
        }
        if (className.startsWith("java.lang.invoke.")) {
            return "a method handle cannot carry a suspension; call the suspendable method directly";
        }
        if (className.startsWith("jdk.internal.reflect.") || className.startsWith("java.lang.reflect.")) {
            return "reflection cannot carry a suspension; call the suspendable method directly";
        }
        if (className.substring(className.lastIndexOf('.') + 1).startsWith("$Proxy")) {
            return "a dynamic proxy (java.lang.reflect.Proxy) calls its handler through reflection, which cannot "
                    + "carry a suspension; call the suspendable method directly";
        }
        if (isJdk(className)) {
            return JDK_METHOD;
        }
        return className + "." + methodName + " calls a suspendable method ("
                + (calleeName == null ? "?" : calleeName)
                + ") but is not @Suspendable itself, so its state would be lost; annotate it @Suspendable";
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("javax.") || className.startsWith("com.sun.");
    }

    /** {@code com.example.Foo.bar} of a method key {@code com/example/Foo.bar(desc)}. */
    static String methodName(String methodKey) {
        int paren = methodKey.indexOf('(');
        return (paren < 0 ? methodKey : methodKey.substring(0, paren)).replace('/', '.');
    }
}
