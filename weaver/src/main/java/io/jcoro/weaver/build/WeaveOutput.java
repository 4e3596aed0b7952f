package io.jcoro.weaver.build;

import java.io.IOException;

/**
 * Where a weaving run writes. Nothing reaches the destination before {@link #commit()}: entries go to a
 * temporary file or directory beside it (same file system, so the final moves are renames), and
 * {@link #abort()} deletes that, leaving the destination as it was.
 */
interface WeaveOutput {
    /** Writes one entry: {@code bytes} are the woven class or the input's own bytes ({@code changed} false). */
    void put(Entry entry, byte[] bytes, boolean changed) throws IOException;

    void commit() throws IOException;

    /** Deletes what was written so far; never throws (it runs while another failure is reported). */
    void abort();
}
