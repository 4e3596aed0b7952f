package io.jcoro.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's test classes ({@code target/test-classes}) in place, with the test class path
 * (which holds the main classes), so that the tests run without the agent.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class WeaveTestsMojo extends AbstractWeaveMojo {
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true, readonly = true)
    private File testOutputDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", required = true, readonly = true)
    private List<String> testClasspathElements;

    @Override
    File classesDirectory() {
        return testOutputDirectory;
    }

    @Override
    List<String> classpathElements() {
        return testClasspathElements;
    }
}
