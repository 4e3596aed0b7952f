package io.jcoro.maven;

import io.jcoro.weaver.build.WeaveException;
import io.jcoro.weaver.build.WeaveReport;
import io.jcoro.weaver.build.Weaver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Weaves a class directory in place with its class path: what the two goals share. Weaving is
 * incremental: a class woven by an earlier build is left as it is, so running the goal again (a build
 * without {@code clean}) does nothing to it.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {
    /** Skips weaving. */
    @Parameter(property = "jcoro.weave.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Fails the build when a suspendable method cannot be woven (or a class file cannot be read), with
     * every message. With false they are logged as warnings and the refused methods stay unwoven.
     */
    @Parameter(property = "jcoro.weave.failOnError", defaultValue = "true")
    private boolean failOnError;

    /** Logs a line per woven class and per method. */
    @Parameter(property = "jcoro.weave.verbose", defaultValue = "false")
    private boolean verbose;

    /** The directory woven in place. */
    abstract File classesDirectory();

    /** The class path the classes were compiled with (it may include {@link #classesDirectory()}). */
    abstract List<String> classpathElements();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        File dir = classesDirectory();
        if (skip) {
            getLog().info("jcoro weave: skipped");
            return;
        }
        if (!dir.isDirectory()) {
            getLog().info("jcoro weave: nothing to weave, no " + dir);
            return;
        }
        Weaver weaver = new Weaver(classPath(dir)).failOnError(failOnError);
        if (verbose) {
            weaver.verbose(getLog()::info);
        }
        WeaveReport report;
        try {
            report = weaver.weave(dir.toPath(), dir.toPath());
        } catch (WeaveException e) {
            throw new MojoFailureException(e.getMessage(), e); // refused methods, unreadable classes
        } catch (IOException e) {
            throw new MojoExecutionException("jcoro weave: " + dir + ": " + e, e);
        }
        for (String error : report.errors()) {
            getLog().warn("jcoro weave: " + error);
        }
        for (String warning : report.warnings()) {
            getLog().warn("jcoro weave: " + warning);
        }
        getLog().info("jcoro weave: " + report.summary() + " in " + dir);
    }

    private List<Path> classPath(File dir) {
        List<Path> paths = new ArrayList<>();
        for (String element : classpathElements()) {
            File f = new File(element);
            if (!f.equals(dir)) {
                paths.add(f.toPath());
            }
        }
        return paths;
    }
}
