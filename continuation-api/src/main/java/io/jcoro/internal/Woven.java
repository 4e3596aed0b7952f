package io.jcoro.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that jcoro wove at build time ({@code jcoro-maven-plugin}, {@code java -jar
 * jcoro-agent.jar weave}): the agent, when one runs too, passes it by, and weaving it again changes
 * nothing. Kept in the class file only ({@code javap -v} shows it); the class registers its methods with
 * the runtime when it initialises ({@link WovenClasses#register}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Woven {
    /** The class file descriptor of this annotation, which the weavers look for. */
    String DESCRIPTOR = "Lio/jcoro/internal/Woven;";
}
