package io.jcoro.examples.tooling.thirdparty;

/** Stands for a library interface you cannot annotate: no jcoro in sight. */
public interface Stage {
    String apply(String input);
}
