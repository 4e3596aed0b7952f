package io.jcoro.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example program in a fresh JVM three ways (plain Java, under the agent without
 * suspending, under the agent suspending at every point) and compares stdout with the expected file:
 * the transformation must not change what a program prints, whether or not it suspends.
 */
class ExamplesIT {
    static final List<String> EXAMPLES = List.of(
            "PrimitivesExample",
            "OperandStackExample",
            "DeepChainExample",
            "ControlFlowExample",
            "ExceptionsExample",
            "DispatchExample",
            "GenericsExample",
            "ClassKindsExample",
            "LambdasExample",
            "ConstructorArgsExample",
            "GeneratorExample",
            "InterleavedExample",
            "ThreadHopExample",
            "ParallelExample");

    static Stream<Arguments> runs() {
        return EXAMPLES.stream().flatMap(e -> Stream.of(Mode.values()).map(m -> Arguments.of(e, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void printsTheExpectedOutput(String example, Mode mode) throws Exception {
        JvmRun.Result r = JvmRun.of("io.jcoro.examples." + example).mode(mode).run();
        RunChecks.assertExampleRun(r, RunChecks.expectedOutput(ItConfig.expectedDir(), example, mode), mode);
    }
}
