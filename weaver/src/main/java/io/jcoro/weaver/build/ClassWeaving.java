package io.jcoro.weaver.build;

import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.transform.BuildTransform;
import io.jcoro.weaver.transform.ClassTransformer;
import io.jcoro.weaver.transform.MethodOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;

/** Weaves one class file through {@link BuildTransform} and records what happened in the report. */
final class ClassWeaving {
    private final BuildTransform transform;
    private final WeaveReport report;
    private final Consumer<String> verbose;

    ClassWeaving(BuildTransform transform, WeaveReport report, Consumer<String> verbose) {
        this.transform = transform;
        this.report = report;
        this.verbose = verbose;
    }

    /** The woven class file, or null when the class stays as it is (also when it is an error). */
    byte[] weave(Entry entry) {
        report.sawClass();
        byte[] bytes = entry.bytes();
        String unreadable = unreadable(bytes);
        if (unreadable != null) {
            report.error(entry.name() + ": not a readable class file (" + unreadable + ")");
            return null;
        }
        if (BuildTransform.isWoven(bytes)) {
            report.alreadyWoven();
            verbose.accept("woven before: " + entry.name());
            return null;
        }
        ClassTransformer.Result result;
        try {
            result = transform.transform(bytes);
        } catch (TransformException e) {
            report.error(entry.name() + ": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // an error in the transformer, or a class file ASM reads but cannot rewrite: the class is
            // named, and the run goes on to report the others too
            report.error(entry.name() + ": the jcoro transformer failed on this class: " + e);
            return null;
        }
        List<String> guarded = new ArrayList<>();
        for (MethodOutcome outcome : result.outcomes()) {
            report.outcome(outcome);
            verbose.accept("  " + outcome);
            if (outcome.kind() == MethodOutcome.Kind.CHECKED && !outcome.method().startsWith("<")) {
                guarded.add(outcome.method());
            }
        }
        if (!guarded.isEmpty()) {
            warnAboutMissingTypes(bytes, guarded);
        }
        if (result.bytes() != null) {
            report.classWoven();
            verbose.accept("woven: " + entry.name());
        }
        return result.bytes();
    }

    /**
     * A method that calls suspendable code is guarded, not woven, when nothing makes it suspendable; if
     * what could have (its lambda's functional interface, a supertype of its class) is missing from the
     * class path, the weaver cannot tell, and the program would fail only when it runs, blaming the
     * method or the interface. Says so now, once per method.
     */
    private void warnAboutMissingTypes(byte[] bytes, List<String> guarded) {
        String owner = new ClassReader(bytes).getClassName().replace('/', '.');
        transform.missingTypes(bytes, guarded).forEach((method, types) -> {
            String names = types.stream().map(t -> t.replace('/', '.')).collect(Collectors.joining(", "));
            report.warning(owner + "." + method + " calls suspendable code but is left unwoven: whether it may "
                    + "suspend depends on " + names + ", which " + (types.size() == 1 ? "is" : "are")
                    + " not on the weave class path, so a suspension through it will fail at run time; add the "
                    + "library that has " + (types.size() == 1 ? "it" : "them") + " to --classpath (jcoro-maven-plugin "
                    + "weaves with the project's compile class path: make it a dependency)");
        });
    }

    /** Why ASM cannot read the class file's header and constant pool, or null when it can. */
    private static String unreadable(byte[] bytes) {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0xca || (bytes[1] & 0xff) != 0xfe
                || (bytes[2] & 0xff) != 0xba || (bytes[3] & 0xff) != 0xbe) {
            return "no class file header";
        }
        try {
            new ClassReader(bytes);
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
