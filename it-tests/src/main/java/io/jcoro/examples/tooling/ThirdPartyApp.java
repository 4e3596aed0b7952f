package io.jcoro.examples.tooling;

import io.jcoro.Continuation;
import io.jcoro.SuspensionError;
import io.jcoro.debug.LogicalStack;
import io.jcoro.examples.tooling.thirdparty.Pipeline;
import io.jcoro.examples.tooling.thirdparty.Stage;
import java.util.List;

/**
 * Suspends inside stages run by a "third-party" {@link Pipeline} whose methods carry no annotation.
 * With {@code Stage#apply} and {@code Pipeline#run} declared in a META-INF/jcoro/suspendables file, the
 * pipeline's own code saves its frame and the run completes; without, the suspension fails clearly.
 */
public final class ThirdPartyApp {
    public static void main(String[] args) {
        Stage slowUpper = s -> {
            Continuation.suspend(); // marker: lambda stage suspends
            return s.toUpperCase();
        };
        Pipeline pipeline = new Pipeline(List.of(new Exclaim(), slowUpper, s -> "<" + s + ">"));
        String[] result = new String[1];
        Continuation c = new Continuation(() -> result[0] = pipeline.run("hello")); // marker: body runs the pipeline
        try {
            int resumes = 0;
            while (!c.isDone()) {
                c.resume();
                resumes++;
                if (resumes == 1) {
                    System.out.print("suspended at:\n" + LogicalStack.format(LogicalStack.of(c)));
                }
            }
            System.out.println("result: " + result[0] + ", resumes: " + resumes);
        } catch (SuspensionError e) {
            System.out.println("failed: " + e.getMessage());
        }
    }

    /** A stage class of the user's: suspendable because it implements a declared method. */
    static final class Exclaim implements Stage {
        @Override
        public String apply(String input) {
            Continuation.suspend(); // marker: class stage suspends
            return input + "!";
        }
    }
}
