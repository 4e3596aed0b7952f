package io.jcoro.weaver.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** The input of a weaving run, a class directory or a jar, entry by entry in the order the output keeps. */
interface WeaveInput {
    /** Receives each entry; may throw what writing the output throws. */
    interface Visitor {
        void visit(Entry entry) throws IOException;
    }

    void forEach(Visitor visitor) throws IOException;

    /**
     * The input at {@code in}.
     *
     * @throws WeaveException when it does not exist or is neither a directory nor a jar (a zip file)
     */
    static WeaveInput of(Path in) throws WeaveException {
        if (!Files.exists(in)) {
            throw new WeaveException("jcoro weave: the input " + in + " does not exist");
        }
        if (Files.isDirectory(in)) {
            return new DirectoryInput(in);
        }
        if (!Files.isRegularFile(in) || !isZip(in)) {
            throw new WeaveException("jcoro weave: the input " + in + " is neither a directory nor a jar");
        }
        return new JarInput(in);
    }

    /** Whether {@code file} opens as a zip file (a jar). */
    static boolean isZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
