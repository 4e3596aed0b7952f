package io.jcoro.weaver.bytecode;

/**
 * Why a method cannot save its frame, in the words its guards throw with and the build reports: the
 * weaver's table of refusal reasons. The runtime's checks say the same of a frame they find on their
 * own (its {@code CannotCarry}, for methods no weaver guarded): the weaver cannot share that class (the
 * runtime jars are woven by the Maven plugin, which runs this weaver), so {@code RefusalTextsTest}
 * holds the two tables to the same words.
 */
public final class Refusals {
    public static final String CONSTRUCTOR = "a constructor cannot suspend (the object under construction cannot be "
            + "saved); call the suspending code after construction";
    public static final String STATIC_INITIALIZER = "a static initializer cannot suspend (class initialization must "
            + "finish on one thread); move the suspending code out of it";
    public static final String LAMBDA_OF_PLAIN_INTERFACE = "this lambda calls a suspendable method but its functional "
            + "interface method is not @Suspendable, so its state would be lost; use an interface whose method is "
            + "@Suspendable (SuspendableRunnable, SuspendableCallable, or your own)";
    public static final String SYNCHRONIZED_METHOD = "the method is synchronized and suspending would carry its monitor "
            + "to another thread; suspend outside the synchronized method";
    public static final String MONITOR_HELD = "a monitor is held (synchronized block) and suspending would carry it "
            + "to another thread; suspend outside the synchronized block";

    private Refusals() {}

    /** {@code method} ({@code com.example.Foo.bar}) calls {@code callee} but is not suspendable itself. */
    public static String notSuspendable(String method, String callee) {
        return method + " calls a suspendable method (" + callee
                + ") but is not @Suspendable itself, so its state would be lost; annotate it @Suspendable";
    }

    /** {@code method} would outgrow the JVM's limit on a method's code once woven. */
    public static String tooLarge(String method) {
        return method + " would exceed the JVM's 64 KiB method size limit once transformed; split it";
    }
}
