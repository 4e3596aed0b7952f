package io.jcoro;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that may suspend the coroutine running it.
 *
 * <p>The jcoro agent rewrites every suspendable method when its class loads so that it can save its
 * locals and operand stack into the running {@link Continuation} and return, and later restore them
 * and carry on from the same call. A method is suspendable when it carries this annotation, when it
 * overrides or implements a method that carries it, or when it is the body of a lambda or method
 * reference whose functional interface method carries it.
 *
 * <p>Only suspendable methods may call suspendable methods in a way that suspends: a plain method
 * that calls one and sees it suspend fails with an {@link IllegalStateException} naming its class,
 * method and source line.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Suspendable {}
