package io.jcoro.junit;

import io.jcoro.scheduler.ScheduleStrategy;
import io.jcoro.scheduler.TestScheduler;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link JcoroTest} method as a coroutine on {@link TestScheduler}s instead of letting JUnit call
 * it. The method is called through a lambda made for it ({@link LambdaMetafactory}), not by reflection:
 * a reflective call cannot carry a suspension, a lambda's proxy can. Public only for JUnit to make it;
 * use the annotation.
 */
public final class JcoroTestExtension implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extensionContext) throws Throwable {
        Method method = context.getExecutable();
        // before the body is made: the test class is (re)transformed now at the latest, unless a build wove it
        JcoroExtension.installUnlessWoven(method.getDeclaringClass());
        JcoroTest test = AnnotationSupport.findAnnotation(method, JcoroTest.class)
                .orElseThrow(() -> new IllegalStateException(method + " has no @JcoroTest"));
        TestScheduler.Body body = bodyOf(method, context.getTarget().orElse(null), context.getArguments());
        invocation.skip();
        ScheduleStrategy strategy = test.strategy().isBlank() ? null : ScheduleStrategy.parse(test.strategy());
        if (test.seed() == JcoroTest.NO_SEED) {
            TestScheduler.explore(test.iterations(), strategy, body);
            return;
        }
        ScheduleStrategy s = strategy != null ? strategy : ScheduleStrategy.randomWalk();
        try {
            TestScheduler.replay(test.seed(), s, body);
        } catch (Throwable t) {
            throw new AssertionError("@JcoroTest(seed = " + test.seed() + ", strategy = \"" + s.shortForm()
                    + "\") failed: " + t, t);
        }
    }

    /** {@code method} bound to {@code target} and {@code arguments}, as a body the scheduler can suspend. */
    private static TestScheduler.Body bodyOf(Method method, Object target, List<Object> arguments) throws Throwable {
        if (method.getReturnType() != void.class) {
            throw new IllegalStateException("a @JcoroTest method returns void: " + method);
        }
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jcoro cannot call " + method + " from a lambda: its module does not "
                    + "open " + method.getDeclaringClass().getPackageName() + " to jcoro's", e);
        }
        MethodHandle impl = lookup.unreflect(method);
        List<Object> captured = new ArrayList<>();
        if (!Modifier.isStatic(method.getModifiers())) {
            captured.add(target);
        }
        captured.addAll(arguments);
        CallSite site = LambdaMetafactory.metafactory(lookup, "run",
                MethodType.methodType(TestScheduler.Body.class, impl.type().parameterArray()),
                MethodType.methodType(void.class), impl, MethodType.methodType(void.class));
        return (TestScheduler.Body) site.getTarget().invokeWithArguments(captured);
    }
}
