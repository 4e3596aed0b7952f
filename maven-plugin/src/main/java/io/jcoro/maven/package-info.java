/** The jcoro Maven plugin: build-time weaving ({@code weave}, {@code weave-tests}). */
package io.jcoro.maven;
