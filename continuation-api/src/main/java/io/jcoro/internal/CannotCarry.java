package io.jcoro.internal;

/**
 * Why a frame cannot carry a suspension, and what to do about it, in the words every check uses: the
 * stack walk ({@link ChainCheck}), the callee check after a call ({@link CalleeCheck}) and the check
 * at the entry of a woven method. The transformer's own reason comes first when it guarded the method
 * ({@link MethodRegistry#guarded}). A JDK method is never advised to be made {@code @Suspendable}: the
 * fix there is to call the suspendable code from a loop in suspendable code.
 */
final class CannotCarry {
    // The reasons the weaver also gives, in its own table (its Refusals): RefusalTextsTest holds the two to
    // the same words. The weaver cannot use this class: the runtime jars are woven by the weaver's Maven plugin.
    static final String CONSTRUCTOR = "a constructor cannot suspend (the object under construction cannot be "
            + "saved); call the suspending code after construction";
    static final String STATIC_INITIALIZER = "a static initializer cannot suspend (class initialization must "
            + "finish on one thread); move the suspending code out of it";

    static final String JDK_METHOD = "a JDK method cannot carry a suspension; call the suspendable code from a loop "
            + "in suspendable code instead of from a JDK callback";

    private CannotCarry() {}

    /**
     * The reason a method cannot carry a suspension.
     *
     * @param className binary name of the method's class
     * @param methodName the method's name
     * @param methodId the method's id, to look up the transformer's reason (0 when jcoro never named it)
     * @param calleeName the suspendable method it called, {@code com.example.Foo.bar}, or null if unknown
     */
    static String reason(String className, String methodName, int methodId, String calleeName) {
        String guard = MethodRegistry.reasonItCannotSuspend(methodId);
        if (guard != null) {
            return guard;
        }
        if (methodName.equals("<init>")) {
            return CONSTRUCTOR;
        }
        if (methodName.equals("<clinit>")) {
            return STATIC_INITIALIZER;
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
        if (methodId == 0 && !WovenCalls.isAgentInstalled()) {
            return className + " was not woven: it was not woven at build time and no jcoro agent runs; weave it "
                    + "(jcoro-maven-plugin, or java -jar jcoro-agent.jar weave) or run with -javaagent:jcoro-agent.jar";
        }
        return notSuspendable(className + "." + methodName, calleeName == null ? "?" : calleeName);
    }

    /** {@code method} ({@code com.example.Foo.bar}) calls {@code callee} but is not suspendable itself. */
    static String notSuspendable(String method, String callee) {
        return method + " calls a suspendable method (" + callee
                + ") but is not @Suspendable itself, so its state would be lost; annotate it @Suspendable";
    }

    /**
     * Why a rewritten method went on running after a suspension below it: it reached {@code savedKey}
     * (the method that saved last) through a call the transformer did not see as suspendable, because
     * the call's target (an interface or superclass method that {@code savedKey} implements) is not.
     * Names those methods when the class can be found from {@code loader}.
     */
    static String throughUnsuspendableCall(String wovenMethod, String savedKey, ClassLoader loader) {
        String saved = methodName(savedKey);
        String targets = unsuspendableSupertypeMethods(savedKey, loader);
        return wovenMethod + " is rewritten, but it went on running after a suspension below it: it reached " + saved
                + " through a call whose target is not suspendable" + (targets.isEmpty() ? "" : " (" + targets + ")")
                + "; annotate that method @Suspendable, declare it in META-INF/jcoro/suspendables, or, for an "
                + "Iterator or a stream, use an explicit loop whose calls are suspendable";
    }

    /** The methods of supertypes of the saved method's class with its name and descriptor, joined. */
    private static String unsuspendableSupertypeMethods(String savedKey, ClassLoader loader) {
        int paren = savedKey.indexOf('(');
        int dot = savedKey.lastIndexOf('.', paren);
        String className = savedKey.substring(0, dot).replace('/', '.');
        String nameAndDesc = savedKey.substring(dot + 1);
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "";
        }
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> t = todo.pop();
            if (t != c && Dispatch.declaresMethod(t, nameAndDesc)) {
                found.add(t.getName() + "." + nameAndDesc.substring(0, nameAndDesc.indexOf('(')));
            }
            if (t.getSuperclass() != null) {
                todo.add(t.getSuperclass());
            }
            todo.addAll(java.util.List.of(t.getInterfaces()));
        }
        return String.join(", ", found);
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
