package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * The methods of one generated program and what is known about them while their bodies are written:
 * signatures (fixed up front, so any method can call a later one) and estimated costs (known for a
 * method once its body is written; bodies are written last to first). Also numbers probe sites and
 * trace points across the program.
 */
final class ProgramShape {
    /**
     * {@code static <ret> name(int dp, params...)}, or with an {@code owner} an instance method of the
     * program's nested class {@code K} or of its subclass {@code K2}, which overrides it; {@code ret ==
     * null} means void.
     */
    record Method(String name, JType ret, List<JType> params, String owner) {
        boolean isInstance() {
            return owner != null;
        }
    }

    final ProgramGenerator.Profile profile;
    final List<Method> methods = new ArrayList<>();
    final long[] costs;
    int sites;
    int traces;

    /** Index of {@code K2.k}, the override; {@code K.k} follows it. -1 if the program has no classes. */
    final int override;

    ProgramShape(ProgramGenerator.Profile profile, List<Method> methods) {
        this.profile = profile;
        this.methods.addAll(methods);
        this.costs = new long[methods.size()];
        int k2 = -1;
        for (int i = 0; i < methods.size(); i++) {
            if ("K2".equals(methods.get(i).owner())) {
                k2 = i;
            }
        }
        this.override = k2;
    }
}
