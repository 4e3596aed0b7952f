package io.jcoro.weaver.bytecode;

/** A method the transformer refuses to rewrite, with the reason a user can act on. */
public final class TransformException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransformException(String reason) {
        super(reason);
    }
}
