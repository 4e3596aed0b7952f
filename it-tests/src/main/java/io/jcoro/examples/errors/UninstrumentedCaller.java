package io.jcoro.examples.errors;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableRunnable;
import io.jcoro.examples.support.Suspend;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * A suspendable method reached through code the agent does not instrument, chosen by the first
 * argument: {@code reflection} (Method.invoke), {@code method-handle} (MethodHandle.invokeExact) or
 * {@code jdk-loop} (Iterable.forEach calling SuspendableRunnable::run). Forwarders like reflection and
 * method handles may be supported (the output is then the plain run's); otherwise the suspension must
 * fail: the code after the call ("after: ...") must never run with a lost suspension.
 */
public final class UninstrumentedCaller {
    @Suspendable
    public static int target(int x) {
        Suspend.point();
        return x * 2;
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        String how = args[0];
        MethodHandle handle = MethodHandles.lookup().findStatic(UninstrumentedCaller.class, "target",
                MethodType.methodType(int.class, int.class));
        SuspendableRunnable task = () -> System.out.println("task: " + target(1));
        Suspend.run(() -> {
            System.out.println("before");
            Object result;
            switch (how) {
                case "reflection":
                    result = invokeReflectively();
                    break;
                case "method-handle":
                    result = invokeHandle(handle);
                    break;
                case "jdk-loop":
                    List.of(task).forEach(SuspendableRunnable::run);
                    result = "looped";
                    break;
                default:
                    throw new IllegalArgumentException(how);
            }
            System.out.println("after: " + result);
        });
    }

    private static Object invokeReflectively() {
        try {
            return UninstrumentedCaller.class.getMethod("target", int.class).invoke(null, 21);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invokeHandle(MethodHandle handle) {
        try {
            return (int) handle.invokeExact(21);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
