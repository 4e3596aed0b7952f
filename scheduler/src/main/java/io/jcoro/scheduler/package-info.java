/** Schedulers that resume coroutines when the promises they await complete (see SPEC.md). */
package io.jcoro.scheduler;
