package io.jcoro.agent.fuzz;

/**
 * The harness's own answer to "does this suspension pass through code that cannot carry it?", found
 * independently of the runtime under test: whether a JDK frame ({@code java.}, {@code javax.},
 * {@code jdk.}, {@code sun.}) stands between the generated probe about to suspend and the continuation
 * that runs it (the first jcoro frame below the probe: {@code Continuation.resume} and the runtime's
 * frames). Lambda proxies are hidden frames, not shown. Generated programs reach the JDK only through
 * the calls {@link JdkCallbackGenerator} writes, and nothing else of jcoro's stands between a probe
 * and its continuation.
 */
final class JdkFrames {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private JdkFrames() {}

    /** Called (indirectly) by the probe of a generated program. */
    static boolean betweenProbeAndContinuation() {
        return WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .dropWhile(name -> !name.startsWith(ProgramGenerator.PACKAGE + ".Probe"))
                .takeWhile(name -> !name.startsWith("io.jcoro."))
                .anyMatch(JdkFrames::isJdk));
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }
}
