package io.jcoro.junit;

import io.jcoro.agent.SelfAttach;
import io.jcoro.internal.WovenClasses;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that installs the jcoro agent into the test JVM before the tests of a class
 * run, so suspendable code can be tested with a plain {@code mvn test}:
 *
 * <pre>
 * &#64;ExtendWith(JcoroExtension.class)
 * class OrderServiceTest { ... }
 * </pre>
 *
 * The agent is attached once per JVM ({@code io.jcoro.JCoro.install()}); the test class and every class
 * loaded before are retransformed, later classes are transformed as they load. Agent options come
 * from the system property {@code jcoro.agent.options}. Nothing happens when the agent is already
 * there (for example {@code -javaagent} in surefire's {@code argLine}).
 *
 * <p>The extension lives in jcoro-agent.jar; JUnit is an optional dependency of the agent, present
 * in any project that runs JUnit 5 tests. It can also be registered for every test class by JUnit's
 * extension auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}), through the
 * service file the jar carries. Surefire's {@code argLine} should have
 * {@code -XX:+EnableDynamicAgentLoading} (no warning on JDK 21+) and
 * {@code -Djdk.attach.allowAttachSelf=true} (attach without a helper JVM).
 *
 * <p>A test class woven at build time (jcoro-maven-plugin's {@code weave-tests}) needs no agent: then
 * nothing is attached, and JDK 21+ has nothing to warn about. That, or {@code -javaagent} in surefire's
 * {@code argLine}, is the setup to use on JDK 21 and later, which warn about an agent loaded dynamically
 * and will refuse it by default.
 */
public final class JcoroExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        installUnlessWoven(context.getRequiredTestClass());
    }

    /** Attaches the agent unless {@code testClass} was woven at build time (or the agent is there already). */
    static void installUnlessWoven(Class<?> testClass) {
        if (!WovenClasses.isWovenAtBuildTime(testClass)) {
            SelfAttach.install("");
        }
    }
}
