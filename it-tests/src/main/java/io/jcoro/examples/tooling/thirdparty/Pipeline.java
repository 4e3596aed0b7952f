package io.jcoro.examples.tooling.thirdparty;

import java.util.List;

/**
 * Stands for a library class you cannot annotate: it calls its stages in a loop. Declared suspendable
 * by a {@code META-INF/jcoro/suspendables} file, its code is woven like the user's own.
 */
public final class Pipeline {
    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public String run(String input) {
        String value = input;
        for (Stage stage : stages) {
            value = stage.apply(value); // marker: pipeline applies a stage
        }
        return value;
    }
}
