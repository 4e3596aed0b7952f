package io.jcoro.weaver.build;

import java.util.List;

/**
 * Weaving did not produce an output: the input is missing or unreadable, or methods were refused (with
 * every message, each naming the class, the method and, when known, the source line). The output was left
 * as it was.
 */
public final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> messages;

    public WeaveException(String summary, List<String> messages) {
        super(messages.isEmpty() ? summary : summary + ":\n  " + String.join("\n  ", messages));
        this.messages = List.copyOf(messages);
    }

    public WeaveException(String message) {
        this(message, List.of());
    }

    /** Each error on its own (a refused method, a class that could not be read), without the summary. */
    public List<String> messages() {
        return messages;
    }
}
